package org.onestop.monitoring.warning;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.WarningRules;

/**
 * Which warning lines a person-year has reached: pure, over the policy files' {@code warnings:} sections. A region
 * differs by its data only.
 *
 * <p>Scope of a line on the date: the person holds one of its population's identities, or the line is
 * {@code everyoneElse} and the person holds none of the identities of the region's other (non-everyoneElse) lines;
 * and the settlement's insurance type is among the line's, when it names any. A line is reached when the measured
 * burden is at or above it (Liaoning (七) 预警标准为5000元: 5,000.00 warns); a population {@code alwaysInScope}
 * (Bayingolin 二(四) 实时纳入) is reached by any positive burden.
 */
public final class WarningLines {

    private final PolicyCatalog catalog;

    public WarningLines(PolicyCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The policy version whose lines apply to a settlement in {@code regionCode} discharged on {@code date}, or null
     * when no version is in force (then nothing is monitored: the settlement could not have been made under it).
     */
    public RegionPolicy policyFor(String regionCode, LocalDate date) {
        try {
            return catalog.policyFor(regionCode, date);
        } catch (PolicyNotInForceException e) {
            return null;
        }
    }

    /**
     * The lines reached and not yet raised.
     *
     * @param policy      the version in force on {@code date}
     * @param date        the discharge date of the settlement being absorbed (decides identities and the year)
     * @param insurance   the person's insurance type on that settlement (null = unknown: lines restricted to a type are skipped)
     * @param identities  identity type codes the person holds on {@code date}
     * @param composition the person-year's cumulative burden after this settlement
     * @param raised      ids of the lines already raised for this person-year
     */
    public List<Crossing> reached(RegionPolicy policy, LocalDate date, InsuranceType insurance, Set<String> identities,
                                  Composition composition, Set<String> raised) {
        WarningRules rules = policy.warnings().orElse(null);
        if (rules == null) {
            return List.of();
        }
        List<Crossing> crossings = new ArrayList<>(2);
        Set<String> othersPopulation = null;
        for (WarningRules.Line line : rules.lines()) {
            if (raised.contains(line.id())) {
                continue;
            }
            if (!line.insuranceTypes().isEmpty() && (insurance == null || !line.insuranceTypes().contains(insurance))) {
                continue;
            }
            boolean inScope = intersects(line.population(), identities);
            if (!inScope && line.everyoneElse()) {
                if (othersPopulation == null) {
                    othersPopulation = namedPopulation(rules);
                }
                inScope = !intersects(othersPopulation, identities);
            }
            if (!inScope) {
                continue;
            }
            long threshold = line.needsIncome()
                    ? line.thresholdFor(policy.incomeForDischargeYear(date.getYear())).fen()
                    : line.thresholdFor(Money.ZERO).fen();
            long burden = composition.measure(line.burden(), line.visitTypes());
            boolean reached = line.alwaysInScope() ? burden > 0 : burden >= threshold && threshold > 0;
            if (reached) {
                crossings.add(new Crossing(policy, line, line.alwaysInScope() ? 0 : threshold, burden,
                        composition.parts(line.burden(), line.visitTypes())));
            }
        }
        return crossings;
    }

    /** Every identity named by a line that is not "everyone else": who is monitored somewhere other than there. */
    private static Set<String> namedPopulation(WarningRules rules) {
        Set<String> named = new HashSet<>();
        for (WarningRules.Line l : rules.lines()) {
            if (!l.everyoneElse()) {
                named.addAll(l.population());
            }
        }
        return named;
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        for (String s : b) {
            if (a.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
