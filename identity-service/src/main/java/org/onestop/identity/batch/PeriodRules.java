package org.onestop.identity.batch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.onestop.identity.batch.PeriodState.Statement;

/**
 * Decides whether a valid row fits the person's periods and what it changes. Holds the live periods of the
 * persons of the current chunk (loaded from the database, which inside the batch's transaction already shows
 * the batch's earlier chunks) and applies each accepted row so later rows see it.
 *
 * <p>Dates: a period runs from {@code validFrom} to {@code validTo}, both inclusive. An exit (EXIT, DECREASE)
 * takes effect on its start date (自退出之日起不再享受, Shanxi 十): the period's last day is the day before,
 * unless the row gives an explicit end date, which is then the last day.
 */
final class PeriodRules {

    /** A decision about one row. */
    sealed interface Decision permits Accept, Reject {
        ValidRow row();
    }

    record Reject(ValidRow row, RowReason reason) implements Decision {
    }

    /**
     * @param periodId    the period opened, closed, or (for corrections) created
     * @param validFrom   the period's first day after this change
     * @param validTo     the period's last day after this change (null = open)
     * @param superseded  for corrections, the period replaced
     * @param opensPeriod true when a new period row is created
     */
    record Accept(ValidRow row, UUID periodId, LocalDate validFrom, LocalDate validTo, UUID superseded,
            boolean opensPeriod) implements Decision {
    }

    private record Key(String personRef, IdentityType type) {
    }

    private final Map<Key, List<PeriodState>> live = new HashMap<>();
    private final Supplier<UUID> ids;

    PeriodRules(List<PeriodState> loaded, Supplier<UUID> ids) {
        this.ids = ids;
        for (PeriodState p : loaded) {
            live.computeIfAbsent(new Key(p.personRef(), p.type()), k -> new ArrayList<>()).add(p);
        }
    }

    Decision decide(ValidRow row) {
        List<PeriodState> periods = live.computeIfAbsent(new Key(row.personRef(), row.type()), k -> new ArrayList<>());
        if (row.change().opens()) {
            Statement said = new Statement(row.change(), row.start(), row.end(), row.regionCode());
            Optional<PeriodState> clash = periods.stream().filter(p -> p.overlaps(row.start(), row.end())).findFirst();
            if (clash.isPresent()) {
                return new Reject(row, inBatchOr(clash.get(), said, RowReason.PERIOD_OVERLAP));
            }
            PeriodState opened = new PeriodState(ids.get(), row.personRef(), row.type(), row.regionCode(), row.start(),
                    row.end(), said);
            periods.add(opened);
            return new Accept(row, opened.periodId(), opened.validFrom(), opened.validTo(), null, true);
        }
        if (row.change().closes()) {
            LocalDate lastDay = row.end() != null ? row.end() : row.start().minusDays(1);
            Statement said = new Statement(row.change(), null, lastDay, null);
            Optional<PeriodState> open = periods.stream().filter(PeriodState::open).findFirst();
            if (open.isEmpty()) {
                Optional<PeriodState> closedHere = periods.stream()
                        .filter(p -> p.changedInBatch() != null && p.changedInBatch().kind().closes()).findFirst();
                return new Reject(row, closedHere.map(p -> inBatchOr(p, said, RowReason.NO_OPEN_PERIOD))
                        .orElse(RowReason.NO_OPEN_PERIOD));
            }
            PeriodState p = open.get();
            if (lastDay.isBefore(p.validFrom())) {
                return new Reject(row, RowReason.EXIT_BEFORE_START);
            }
            PeriodState closed = new PeriodState(p.periodId(), p.personRef(), p.type(), p.regionCode(), p.validFrom(),
                    lastDay, said);
            periods.set(periods.indexOf(p), closed);
            return new Accept(row, p.periodId(), p.validFrom(), lastDay, null, false);
        }
        // CORRECTION: replaces the open period, else the latest one.
        Statement said = new Statement(ChangeKind.CORRECTION, row.start(), row.end(), row.regionCode());
        Optional<PeriodState> target = periods.stream().filter(PeriodState::open).findFirst()
                .or(() -> periods.stream().max(Comparator.comparing(PeriodState::validFrom)));
        if (target.isEmpty()) {
            return new Reject(row, RowReason.NO_PERIOD_TO_CORRECT);
        }
        PeriodState old = target.get();
        if (old.changedInBatch() != null && old.changedInBatch().kind() == ChangeKind.CORRECTION) {
            return new Reject(row, inBatchOr(old, said, RowReason.CONTRADICTION_IN_BATCH));
        }
        Optional<PeriodState> clash = periods.stream().filter(p -> p != old)
                .filter(p -> p.overlaps(row.start(), row.end())).findFirst();
        if (clash.isPresent()) {
            return new Reject(row, inBatchOr(clash.get(), said, RowReason.PERIOD_OVERLAP));
        }
        PeriodState replacement = new PeriodState(ids.get(), row.personRef(), row.type(), row.regionCode(),
                row.start(), row.end(), said);
        periods.set(periods.indexOf(old), replacement);
        return new Accept(row, replacement.periodId(), row.start(), row.end(), old.periodId(), true);
    }

    /** A clash with a period this batch itself changed is a duplicate (same statement) or a contradiction. */
    private static RowReason inBatchOr(PeriodState clash, Statement said, RowReason otherwise) {
        if (clash.changedInBatch() == null) {
            return otherwise;
        }
        return clash.changedInBatch().sameAs(said) ? RowReason.DUPLICATE_IN_BATCH : RowReason.CONTRADICTION_IN_BATCH;
    }
}
