package org.onestop.enrollment.subsidy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.onestop.enrollment.subsidy.Period.Status;
import org.onestop.events.EnrollmentSubsidyChanged.Change;
import org.onestop.events.IdentityChanged;
import org.onestop.policy.Money;

/**
 * One person's enrollment file: identity periods, reported contributions and the decision per insurance year. The
 * only place that changes them; {@link #reconcile} re-decides every concerned year and returns what changed, so a
 * replay, a late event or a correction always ends in the state the facts imply, never a second payment.
 */
public final class PersonEnrollment {

    /** Dates are Chinese calendar days. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** What applying an identity event did. */
    public enum Applied { APPLIED, HELD, IGNORED }

    private final String personRef;
    private String maskedId;
    private LocalDate asOf;
    private final Map<UUID, Period> periods;
    private final Map<Integer, Contribution> contributions;
    private final Map<Integer, YearDecision> years;
    private boolean changed;

    public PersonEnrollment(String personRef, String maskedId, LocalDate asOf, Map<UUID, Period> periods,
            Map<Integer, Contribution> contributions, Map<Integer, YearDecision> years) {
        this.personRef = Objects.requireNonNull(personRef);
        this.maskedId = maskedId;
        this.asOf = asOf;
        this.periods = new LinkedHashMap<>(periods);
        this.contributions = new LinkedHashMap<>(contributions);
        this.years = new LinkedHashMap<>(years);
    }

    public static PersonEnrollment empty(String personRef) {
        return new PersonEnrollment(personRef, null, null, Map.of(), Map.of(), Map.of());
    }

    /** Applies an identity change to the periods (see docs/events.md: how a reader keeps a person's periods). */
    public Applied apply(IdentityChanged e) {
        changed = true;
        LocalDate recordedOn = LocalDate.ofInstant(e.recordedAt(), ZONE);
        maskedId = e.maskedIdNumber();
        advance(recordedOn);
        Period existing = periods.get(e.periodId());
        Period fresh = new Period(e.periodId(), e.regionCode(), e.identityType(), e.validFrom(), e.validTo(),
                Status.ACTIVE, recordedOn);
        switch (e.change()) {
            case NEW, INCREASE -> {
                if (existing == null) {
                    periods.put(e.periodId(), fresh);
                } else if (existing.status() == Status.HELD_EXIT) {
                    // the exit came first: open the period with the end the exit already gave
                    periods.put(e.periodId(), fresh.withValidTo(earlier(e.validTo(), existing.validTo())));
                } else {
                    return Applied.IGNORED; // already open (a re-sent event), or replaced by a correction
                }
            }
            case DECREASE, EXIT -> {
                if (existing == null || existing.status() == Status.HELD_EXIT) {
                    periods.put(e.periodId(), fresh.withStatus(Status.HELD_EXIT));
                    return Applied.HELD;
                }
                if (existing.status() == Status.VOID) {
                    return Applied.IGNORED;
                }
                periods.put(e.periodId(), existing.withValidTo(e.validTo()));
            }
            case CORRECTION -> {
                if (e.supersedesPeriodId() != null) {
                    Period old = periods.get(e.supersedesPeriodId());
                    // a tombstone when the correction overtakes the period it replaces: that period never counts
                    periods.put(e.supersedesPeriodId(), old != null ? old.withStatus(Status.VOID)
                            : new Period(e.supersedesPeriodId(), e.regionCode(), e.identityType(), e.validFrom(),
                                    e.validTo(), Status.VOID, recordedOn));
                }
                if (existing == null) {
                    periods.put(e.periodId(), fresh);
                } else if (existing.status() == Status.HELD_EXIT) {
                    periods.put(e.periodId(), fresh.withValidTo(earlier(e.validTo(), existing.validTo())));
                }
            }
        }
        return Applied.APPLIED;
    }

    /** Records (or replaces) the tax bureau's report of the year's payment. */
    public void recordContribution(Contribution c, LocalDate reportedOn) {
        changed = true;
        contributions.put(c.year(), c);
        advance(reportedOn);
    }

    /**
     * Re-decides every year the person's facts concern and returns the changes to announce, in year order. The
     * years already decided are always re-decided (a correction may withdraw an old grant); new years only within
     * {@link SubsidyDecider#openYears}.
     */
    public List<SubsidyChange> reconcile(SubsidyDecider decider, Instant decidedAt, UUID causedBy,
            Supplier<UUID> ids) {
        if (maskedId == null || asOf == null) {
            return List.of(); // contributions only, no identity yet: nothing to decide
        }
        Set<Integer> concerned = new TreeSet<>(years.keySet());
        concerned.addAll(decider.openYears(asOf, periods.values()));
        List<SubsidyChange> out = new ArrayList<>();
        for (int year : concerned) {
            Optional<YearDecision> target = decider.decide(year, periods.values(), contributions.get(year));
            YearDecision current = years.get(year);
            diff(current, target.orElse(null), year, decidedAt, causedBy, ids, out);
            target.ifPresentOrElse(t -> years.put(year, t), () -> {
                if (current != null) {
                    years.put(year, YearDecision.not(year, YearDecision.Status.NOT_SUBSIDIZED, "NO_IDENTITY"));
                }
            });
        }
        return out;
    }

    private void diff(YearDecision current, YearDecision target, int year, Instant at, UUID cause, Supplier<UUID> ids,
            List<SubsidyChange> out) {
        boolean was = current != null && current.subsidized();
        boolean is = target != null && target.subsidized();
        if (was && (!is || !current.sameGrant(target))) {
            String why = !is ? (target == null ? "CORRECTED" : target.reason()) : "CORRECTED";
            out.add(new SubsidyChange(ids.get(), personRef, maskedId, Change.WITHDRAWN, current, current.amount(),
                    current.refund(), why, cause, at));
            was = false;
        }
        if (!is) {
            return;
        }
        if (!was) {
            out.add(new SubsidyChange(ids.get(), personRef, maskedId, Change.GRANTED, target, target.amount(), null,
                    target.reason(), cause, at));
            if (target.refund().isPositive()) {
                out.add(new SubsidyChange(ids.get(), personRef, maskedId, Change.REFUND_DUE, target, target.refund(),
                        null, "CONTRIBUTION_PAID", cause, at));
            }
            return;
        }
        if (!target.refund().equals(current.refund())) {
            out.add(new SubsidyChange(ids.get(), personRef, maskedId, Change.REFUND_DUE, target, target.refund(), null,
                    "CONTRIBUTION_PAID", cause, at));
        }
        if (!Objects.equals(target.subsidizedUntil(), current.subsidizedUntil())) {
            out.add(new SubsidyChange(ids.get(), personRef, maskedId, Change.ENDED, target, Money.ZERO, null, "EXIT",
                    cause, at));
        }
    }

    private void advance(LocalDate day) {
        if (asOf == null || day.isAfter(asOf)) {
            asOf = day;
        }
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /**
     * The region codes this file holds for the person in {@code year}: the payer region of the year's decision when it
     * names one, otherwise the regions of every identity period recorded for the person (a held or unsubsidized year
     * names none). Empty for a person known only by contributions. Who may read or report for the person-year is
     * decided on these (docs/enrollment.md, "Who may call what"); {@link EnrollmentQueries#regionsOf} reads the same.
     */
    public Set<String> regionsFor(int year) {
        YearDecision d = years.get(year);
        if (d != null && d.regionCode() != null) {
            return Set.of(d.regionCode());
        }
        Set<String> regions = new TreeSet<>();
        periods.values().forEach(p -> regions.add(p.regionCode()));
        return regions;
    }

    public String personRef() {
        return personRef;
    }

    public String maskedId() {
        return maskedId;
    }

    public LocalDate asOf() {
        return asOf;
    }

    public Map<UUID, Period> periods() {
        return Map.copyOf(periods);
    }

    public Map<Integer, Contribution> contributions() {
        return Map.copyOf(contributions);
    }

    public Map<Integer, YearDecision> years() {
        return Map.copyOf(years);
    }

    public boolean changed() {
        return changed;
    }
}
