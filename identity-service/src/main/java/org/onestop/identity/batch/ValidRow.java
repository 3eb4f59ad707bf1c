package org.onestop.identity.batch;

import java.time.LocalDate;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.onestop.events.ResidentIdNumber;

/** A row that passed the stateless checks; whether it fits the person's periods is decided next. */
record ValidRow(
        IdentityRecord source,
        ResidentIdNumber id,
        String personRef,
        String householdRef,
        IdentityType type,
        ChangeKind change,
        String regionCode,
        LocalDate start,
        LocalDate end) {
}
