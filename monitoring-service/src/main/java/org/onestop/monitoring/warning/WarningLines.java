package org.onestop.monitoring.warning;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.WarningCheck;

/**
 * Which warning lines a person-year has reached: pure, over the policy files' {@code warnings:} sections. A region
 * differs by its data only. The rule itself (scope, amount, reached) is the policy library's {@link WarningCheck},
 * shared with the what-if; this adds the catalog's version lookup and the warning's cost breakdown.
 */
public final class WarningLines {

    private final PolicyCatalog catalog;
    private final Map<Key, WarningCheck> checks = new ConcurrentHashMap<>();

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
     * The lines reached and not yet raised: the policy library's {@link WarningCheck} (the rule the what-if counts by
     * too), with the burden's parts for the warning.
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
        if (policy.warnings().isEmpty()) {
            return List.of();
        }
        WarningCheck check = checks.computeIfAbsent(new Key(policy, date.getYear()), k -> WarningCheck.of(k.policy(), k.year()));
        List<WarningCheck.Reached> reached = check.reached(insurance, identities, composition::measure, raised);
        if (reached.isEmpty()) {
            return List.of();
        }
        List<Crossing> crossings = new ArrayList<>(reached.size());
        for (WarningCheck.Reached r : reached) {
            crossings.add(new Crossing(policy, r.line(), r.thresholdFen(), r.burdenFen(),
                    composition.parts(r.line().burden(), r.line().visitTypes())));
        }
        return crossings;
    }

    /** A policy version (the catalog's own object) and a discharge year: one prepared check each. */
    private record Key(RegionPolicy policy, int year) {
    }
}
