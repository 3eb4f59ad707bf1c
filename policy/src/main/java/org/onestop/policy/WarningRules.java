package org.onestop.policy;

import java.util.List;
import java.util.Set;

/**
 * Early-warning lines of a region (因病致贫返贫预警): who is monitored, on which burden, at which
 * line, and which departments are told. Read by monitoring-service.
 */
public record WarningRules(String clause, List<Line> lines) {

    /** Which burden a line measures. */
    public enum Burden {
        /** after basic and critical-illness insurance (and employee large-amount subsidy) */
        AFTER_INSURANCE,
        /** after every layer including assistance */
        AFTER_ASSISTANCE
    }

    /**
     * @param population      identity types monitored; empty with {@code everyoneElse} for "all other insured"
     * @param everyoneElse    the line covers insured people outside every other line's population
     * @param insuranceTypes  restricts the line to these insurance types (empty = all)
     * @param alwaysInScope   the population is monitored whatever the burden (Bayingolin classes 1–2)
     * @param visitTypes      which visit types' burden counts (empty = all)
     */
    public record Line(String id, String name, Set<String> population, boolean everyoneElse,
                       Set<InsuranceType> insuranceTypes, boolean alwaysInScope, AmountRule threshold,
                       Burden burden, Set<VisitType> visitTypes, List<String> departments, String clause) {

        /** The line in yuan for a year, given the region's income figure for the year before. */
        public Money thresholdFor(Money income) {
            return threshold == null ? Money.ZERO : threshold.resolve(income);
        }

        public boolean needsIncome() {
            return threshold != null && threshold.needsIncome();
        }
    }
}
