package org.onestop.enrollment.subsidy;

import java.time.LocalDate;
import java.util.UUID;
import org.onestop.events.IdentityType;

/**
 * An identity period as enrollment-service knows it.
 *
 * @param validTo    last day the identity applies (inclusive), null = open-ended
 * @param recordedOn the day identity-service recorded the event that opened it (when a payment could first be made)
 */
public record Period(UUID periodId, String regionCode, IdentityType type, LocalDate validFrom, LocalDate validTo,
        Status status, LocalDate recordedOn) {

    public enum Status {
        /** Opened (NEW / INCREASE / CORRECTION); an exit sets {@code validTo}. */
        ACTIVE,
        /** An exit that arrived before the event opening its period: it decides nothing until that event arrives. */
        HELD_EXIT,
        /** Replaced by a correction (possibly before it arrived): treated as never having existed. */
        VOID
    }

    /** Whether it may earn a subsidy: active, and not revoked by an end before its start. */
    boolean counts() {
        return status == Status.ACTIVE && (validTo == null || !validTo.isBefore(validFrom));
    }

    Period withStatus(Status s) {
        return new Period(periodId, regionCode, type, validFrom, validTo, s, recordedOn);
    }

    Period withValidTo(LocalDate to) {
        return new Period(periodId, regionCode, type, validFrom, to, status, recordedOn);
    }
}
