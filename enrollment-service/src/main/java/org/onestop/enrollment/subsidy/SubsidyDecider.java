package org.onestop.enrollment.subsidy;

import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.onestop.enrollment.subsidy.YearDecision.Status;
import org.onestop.policy.EnrollmentRules;
import org.onestop.policy.EnrollmentRules.BenefitStart;
import org.onestop.policy.EnrollmentRules.Subsidy;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.policy.RegionPolicy;

/**
 * The subsidy of one insurance year as a pure function of the person's identity periods and the year's reported
 * contribution, under the policy of the region that determined each identity.
 *
 * <ul>
 *   <li>A collection period (集中征缴期) collects for the NEXT insurance year: {@code 09-01..12-31} of Y-1 for Y (dates
 *       from the policy file; an end month-day before the start month-day lies in Y itself).</li>
 *   <li>Identified by the end of Y's collection period (or on 1 January Y) and still holding the identity on 1 January
 *       Y → subsidized from 1 January; a contribution already paid has the subsidized part refunded (jiujiang-2022
 *       二(二), applied to every region).</li>
 *   <li>Identified later in Y: not yet insured (no payment dated before the identification) → subsidized enrollment,
 *       benefits from the next day after payment (二(四); the subsidy is deemed paid when both the identity holds and
 *       it is recorded), the next month (yantai-2023 二(二)) or the certificate date (shanxi-2019 十); already insured
 *       → no subsidy and no refund (jiujiang-2022 二(二), shanxi-2019 十 参保个人缴费资金不退还).</li>
 *   <li>Several identities: the highest subsidy (就高不重复); among mid-year identifications the earliest one decides,
 *       since the person is insured from then on.</li>
 *   <li>An exit ends the subsidized status on the identity's last day (shanxi-2019 十), or at the end of that month
 *       (yantai-2023 二(二) 退出的次月起停止); an exit before 1 January Y means no subsidy for Y. The year's
 *       contribution, once subsidized, is not clawed back for an exit within the year (the texts say nothing of it).</li>
 *   <li>A year without a declared contribution for a concerned region is HELD, never guessed.</li>
 * </ul>
 */
public final class SubsidyDecider {

    static final String COLLECTION_CLAUSE = "jiujiang-2022 二(二) (collection-period rule, applied in every region)";

    private final PolicyCatalog catalog;

    public SubsidyDecider(PolicyCatalog catalog) {
        this.catalog = catalog;
    }

    public PolicyCatalog catalog() {
        return catalog;
    }

    private record Candidate(Period period, RegionPolicy policy, EnrollmentRules rules, Subsidy subsidy,
            Money contribution, Money amount, LocalDate benefitFrom, LocalDate stop, boolean atCollection) {
    }

    /**
     * The decision for {@code year}, or empty when no identity of the person concerns it.
     *
     * @param periods every period of the person (only {@link Period#counts() counting} ones are used)
     * @param paid    the contribution reported for the year, or null
     */
    public Optional<YearDecision> decide(int year, Collection<Period> periods, Contribution paid) {
        LocalDate firstDay = LocalDate.of(year, 1, 1);
        LocalDate lastDay = LocalDate.of(year, 12, 31);
        List<Candidate> candidates = new ArrayList<>();
        boolean exitedBeforeYear = false;
        boolean held = false;
        for (Period p : periods) {
            if (!p.counts() || p.validFrom().isAfter(lastDay)) {
                continue;
            }
            Optional<RegionPolicy> found = policy(p, firstDay);
            if (found.isEmpty() || found.get().enrollment().isEmpty()) {
                continue;
            }
            RegionPolicy policy = found.get();
            EnrollmentRules rules = policy.enrollment().get();
            if (rules.best(Set.of(p.type().name()), Money.ofFen(1)).isEmpty()) {
                continue; // this identity earns no enrollment subsidy in this region
            }
            LocalDate collectionStart = collectionStart(rules, year);
            LocalDate stop = stop(rules, p);
            if (stop != null && !stop.isAfter(collectionStart)) {
                continue; // over before the year's collection began: it never concerned this year
            }
            boolean atCollection = !p.validFrom().isAfter(max(collectionEnd(rules, year), firstDay));
            LocalDate benefitFrom;
            if (atCollection) {
                if (stop != null && !stop.isAfter(firstDay)) {
                    exitedBeforeYear = true;
                    continue;
                }
                benefitFrom = firstDay;
            } else {
                benefitFrom = afterCollectionStart(rules.benefitStart(), p);
                if (benefitFrom.isAfter(lastDay) || (stop != null && !stop.isAfter(benefitFrom))) {
                    continue;
                }
            }
            Optional<Money> contribution = rules.contribution(year);
            if (contribution.isEmpty()) {
                held = true;
                continue;
            }
            Subsidy subsidy = rules.best(Set.of(p.type().name()), contribution.get()).orElseThrow();
            candidates.add(new Candidate(p, policy, rules, subsidy, contribution.get(), subsidy.amount(contribution.get()),
                    benefitFrom, stop, atCollection));
        }
        if (held) {
            return Optional.of(YearDecision.not(year, Status.HELD, "NO_CONTRIBUTION_DECLARED"));
        }
        if (candidates.isEmpty()) {
            return exitedBeforeYear ? Optional.of(YearDecision.not(year, Status.NOT_SUBSIDIZED, "EXIT_BEFORE_YEAR"))
                    : Optional.empty();
        }
        Comparator<Candidate> highest = Comparator.comparing(Candidate::amount).reversed()
                .thenComparing(c -> c.period().regionCode()).thenComparing(c -> c.period().type().name())
                .thenComparing(c -> c.period().periodId());
        List<Candidate> atCollection = candidates.stream().filter(Candidate::atCollection).sorted(highest).toList();
        Candidate best;
        String reason;
        if (!atCollection.isEmpty()) {
            best = atCollection.get(0);
            reason = "COLLECTION_PERIOD";
        } else {
            LocalDate earliest = candidates.stream().map(c -> c.period().validFrom()).min(Comparator.naturalOrder()).orElseThrow();
            best = candidates.stream().filter(c -> c.period().validFrom().equals(earliest)).sorted(highest).findFirst().orElseThrow();
            if (paid != null && paid.paidOn().isBefore(earliest)) {
                return Optional.of(YearDecision.not(year, Status.NOT_SUBSIDIZED, "ALREADY_INSURED"));
            }
            reason = "AFTER_COLLECTION_NOT_INSURED";
        }
        Money province = null;
        Money county = null;
        if (best.subsidy().provinceShare() != null) {
            province = best.amount().times(best.subsidy().provinceShare().value(), RoundingMode.HALF_UP);
            county = best.amount().minus(province);
        }
        // What the person paid beyond their own share comes back to them: paid − (contribution − subsidy), in [0, subsidy].
        Money refund = Money.ZERO;
        if (paid != null) {
            refund = paid.amount().plus(best.amount()).minus(best.contribution()).atLeastZero().min(best.amount());
        }
        return Optional.of(new YearDecision(year, Status.SUBSIDIZED, reason, best.period().regionCode(),
                best.policy().regionCode(), best.policy().version(), best.period().type(), best.subsidy().kind(),
                best.contribution(), best.amount(), province, county, refund, best.benefitFrom(),
                subsidizedUntil(candidates, lastDay), clause(best)));
    }

    /**
     * The insurance years a person's facts may still open: the year of {@code asOf}, and the next one while its
     * collection period is running in a region of one of the person's identities. Earlier years are closed for new
     * grants (they may still be withdrawn).
     */
    public Set<Integer> openYears(LocalDate asOf, Collection<Period> periods) {
        Set<Integer> years = new TreeSet<>();
        years.add(asOf.getYear());
        for (Period p : periods) {
            if (!p.counts()) {
                continue;
            }
            policy(p, asOf).flatMap(RegionPolicy::enrollment).ifPresent(rules -> {
                int next = asOf.getYear() + 1;
                if (!asOf.isBefore(collectionStart(rules, next)) && !asOf.isAfter(collectionEnd(rules, next))) {
                    years.add(next);
                }
            });
        }
        return years;
    }

    private Optional<RegionPolicy> policy(Period p, LocalDate firstDay) {
        try {
            return Optional.of(catalog.policyFor(p.regionCode(), max(firstDay, p.validFrom())));
        } catch (PolicyNotInForceException e) {
            return Optional.empty();
        }
    }

    static LocalDate collectionStart(EnrollmentRules rules, int year) {
        return rules.collectionFrom().atYear(year - 1);
    }

    static LocalDate collectionEnd(EnrollmentRules rules, int year) {
        MonthDay to = rules.collectionTo();
        return to.isBefore(rules.collectionFrom()) ? to.atYear(year) : to.atYear(year - 1);
    }

    /** The first day the identity no longer subsidizes (exclusive), or null while open. */
    static LocalDate stop(EnrollmentRules rules, Period p) {
        if (p.validTo() == null) {
            return null;
        }
        // Yantai pairs "from the next month" with "leavers stop the next month" (二(二)); the others stop on exit (shanxi-2019 十).
        return rules.benefitStart() == BenefitStart.NEXT_MONTH ? p.validTo().withDayOfMonth(1).plusMonths(1)
                : p.validTo().plusDays(1);
    }

    static LocalDate afterCollectionStart(BenefitStart rule, Period p) {
        return switch (rule) {
            case NEXT_DAY_AFTER_PAYMENT -> max(p.validFrom(), p.recordedOn()).plusDays(1);
            case NEXT_MONTH -> p.validFrom().withDayOfMonth(1).plusMonths(1);
            case CERTIFICATE_DATE -> p.validFrom();
        };
    }

    /** The last subsidized day after exits, or null while any subsidizing identity lasts the year out. */
    private static LocalDate subsidizedUntil(List<Candidate> candidates, LocalDate lastDay) {
        LocalDate latestStop = null;
        for (Candidate c : candidates) {
            if (c.stop() == null || c.stop().isAfter(lastDay)) {
                return null;
            }
            latestStop = latestStop == null || c.stop().isAfter(latestStop) ? c.stop() : latestStop;
        }
        return latestStop.minusDays(1);
    }

    private static String clause(Candidate c) {
        String timing = c.atCollection() ? COLLECTION_CLAUSE : switch (c.rules().benefitStart()) {
            case NEXT_DAY_AFTER_PAYMENT -> "jiujiang-2022 二(二),(四) 从参保缴费次日起";
            case NEXT_MONTH -> "yantai-2023 二(二) 自纳入的次月起";
            case CERTIFICATE_DATE -> "shanxi-2019 十 从出具动态调整证明之日起";
        };
        String split = c.subsidy().provinceShare() == null ? "" : "; split " + c.subsidy().provinceShare().clause();
        return c.subsidy().clause() + split + "; timing " + timing;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
