package org.onestop.identity.batch;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;

/**
 * A live (not superseded) identity period as the rules see it.
 *
 * @param validTo          inclusive last day; null = open
 * @param changedInBatch   what the current batch last said about this period, or null when the batch has not touched it
 */
record PeriodState(UUID periodId, String personRef, IdentityType type, String regionCode, LocalDate validFrom,
        LocalDate validTo, Statement changedInBatch) {

    /** What a row said about a period, enough to tell a repeated row from a contradicting one. */
    record Statement(ChangeKind kind, LocalDate from, LocalDate to, String regionCode) {

        boolean sameAs(Statement other) {
            return kind == other.kind && Objects.equals(from, other.from) && Objects.equals(to, other.to)
                    && Objects.equals(regionCode, other.regionCode);
        }
    }

    boolean open() {
        return validTo == null;
    }

    boolean overlaps(LocalDate from, LocalDate to) {
        boolean startsBeforeOtherEnds = to == null || !validFrom.isAfter(to);
        boolean endsAfterOtherStarts = validTo == null || !validTo.isBefore(from);
        return startsBeforeOtherEnds && endsAfterOtherStarts;
    }
}
