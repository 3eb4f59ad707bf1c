package org.onestop.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Subsidized enrollment (资助参保) rules of a region: the yearly individual resident contribution,
 * the collection period, and the subsidy each identity type earns. Read by enrollment-service.
 */
public record EnrollmentRules(
        String clause,
        Map<Integer, Cited<Money>> contributionByYear,
        MonthDay collectionFrom,
        MonthDay collectionTo,
        String collectionClause,
        BenefitStart benefitStart,
        List<Subsidy> subsidies) {

    /** When subsidized benefits start for someone enrolled after the collection period. */
    public enum BenefitStart {
        /** Jiujiang 二(四): the day after payment, no waiting period */
        NEXT_DAY_AFTER_PAYMENT,
        /** Yantai 二(二): the month after being added */
        NEXT_MONTH,
        /** Shanxi 十: the date on the adjustment certificate */
        CERTIFICATE_DATE
    }

    public enum SubsidyKind { FULL, FIXED, SHARE }

    /**
     * @param fixedAmount   for FIXED
     * @param share         for SHARE (e.g. 0.60 of the contribution)
     * @param provinceShare where a province and county split the cost (Shanxi 五: 70 % / 30 %), else null
     */
    public record Subsidy(Set<String> identityTypes, SubsidyKind kind, Cited<Money> fixedAmount,
                          Cited<BigDecimal> share, Cited<BigDecimal> provinceShare, String clause) {

        /** The subsidy against a contribution, never more than the contribution itself; half-up to the fen. */
        public Money amount(Money contribution) {
            return switch (kind) {
                case FULL -> contribution;
                case FIXED -> fixedAmount.value().min(contribution);
                case SHARE -> contribution.times(share.value(), RoundingMode.HALF_UP);
            };
        }
    }

    public Optional<Money> contribution(int year) {
        Cited<Money> c = contributionByYear.get(year);
        return c == null ? Optional.empty() : Optional.of(c.value());
    }

    public boolean inCollectionPeriod(LocalDate day) {
        MonthDay md = MonthDay.from(day);
        return !md.isBefore(collectionFrom) && !md.isAfter(collectionTo);
    }

    /** The highest subsidy among the identity types held (就高不重复), if any. */
    public Optional<Subsidy> best(Collection<String> identityTypes, Money contribution) {
        Subsidy best = null;
        for (Subsidy s : subsidies) {
            if (s.identityTypes().stream().anyMatch(identityTypes::contains)
                    && (best == null || s.amount(contribution).isGreaterThan(best.amount(contribution)))) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }
}
