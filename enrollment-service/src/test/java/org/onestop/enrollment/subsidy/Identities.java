package org.onestop.enrollment.subsidy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.onestop.events.ChangeKind;
import org.onestop.events.Department;
import org.onestop.events.IdentityChanged;
import org.onestop.events.IdentityType;

/** Small builders of identity periods and events for the tests. */
final class Identities {

    static final String PERSON = "a".repeat(64);

    private Identities() {
    }

    static Period period(String region, IdentityType type, String from, String to, String recordedOn) {
        return new Period(UUID.randomUUID(), region, type, LocalDate.parse(from), to == null ? null : LocalDate.parse(to),
                Period.Status.ACTIVE, LocalDate.parse(recordedOn));
    }

    static Period period(String region, IdentityType type, String from) {
        return period(region, type, from, null, from);
    }

    static IdentityChanged event(String personRef, String region, IdentityType type, ChangeKind change, UUID periodId,
            String from, String to, UUID supersedes, String recordedOn) {
        Department dept = type.owner();
        return new IdentityChanged(UUID.randomUUID(), personRef, region, dept, type, change, periodId,
                LocalDate.parse(from), to == null ? null : LocalDate.parse(to), supersedes, "ref", UUID.randomUUID(),
                LocalDate.parse(recordedOn).atTime(10, 0).toInstant(ZoneOffset.ofHours(8)), "360402***********4",
                null);
    }

    static Instant at(String day) {
        return LocalDate.parse(day).atTime(12, 0).toInstant(ZoneOffset.ofHours(8));
    }
}
