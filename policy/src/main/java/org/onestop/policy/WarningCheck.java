package org.onestop.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a region's warning lines (因病致贫返贫预警) a person-year has reached: the one rule by which monitoring-service
 * raises warnings and the what-if counts the persons crossing each line. Prepared for one policy version and one
 * discharge year (the lines' amounts for that year); immutable and thread-safe.
 *
 * <p>Scope of a line on a settlement: the person holds one of its population's identities, or the line is
 * {@code everyoneElse} and the person holds none of the identities named by the region's other lines; and the
 * settlement's insurance type is among the line's, when it names any (an unknown type is in no restricted line). A
 * line is reached when the measured burden is at or above its amount (Liaoning (七) 预警标准为5000元: 5,000.00 warns);
 * a population {@code alwaysInScope} (Bayingolin 二(四) 实时纳入) by any positive burden. A line of income share
 * needs the per-capita income of the year before the discharge ({@link RegionPolicy#incomeForDischargeYear}).
 */
public final class WarningCheck {

    /** A person-year's cumulative burden in fen on a line's basis, summed over the line's visit types (empty = all). */
    @FunctionalInterface
    public interface Burden {
        long measure(WarningRules.Burden basis, Set<VisitType> visitTypes);
    }

    /**
     * A line reached.
     *
     * @param thresholdFen the line's amount for the year (0 for a population always in scope)
     * @param burdenFen    the burden measured on the line's basis
     */
    public record Reached(WarningRules.Line line, long thresholdFen, long burdenFen) {
    }

    private static final long UNDECLARED = -1;

    private final RegionPolicy policy;
    private final int year;
    private final List<WarningRules.Line> lines;
    private final long[] thresholds;
    private final Set<String> named;
    private final boolean skipUndeclared;

    private WarningCheck(RegionPolicy policy, int year, boolean skipUndeclared) {
        this.policy = policy;
        this.year = year;
        this.skipUndeclared = skipUndeclared;
        WarningRules rules = policy.warnings().orElse(null);
        this.lines = rules == null ? List.of() : rules.lines();
        this.thresholds = new long[lines.size()];
        Set<String> others = new HashSet<>();
        for (int i = 0; i < thresholds.length; i++) {
            WarningRules.Line line = lines.get(i);
            thresholds[i] = amount(policy, year, line);
            if (!line.everyoneElse()) {
                others.addAll(line.population());
            }
        }
        this.named = Set.copyOf(others);
    }

    /**
     * The lines as monitoring raises them: a person in scope of a line whose amount needs an income figure the policy
     * does not declare for the year is an error ({@link PolicyNotInForceException} from {@link #reached}), never a
     * silent "not reached".
     */
    public static WarningCheck of(RegionPolicy policy, int dischargeYear) {
        return new WarningCheck(policy, dischargeYear, false);
    }

    /**
     * The lines as a report counts them: a line without an amount for the year (its income figure undeclared) is not
     * measured, and the other lines are.
     */
    public static WarningCheck measurable(RegionPolicy policy, int dischargeYear) {
        return new WarningCheck(policy, dischargeYear, true);
    }

    public RegionPolicy policy() {
        return policy;
    }

    /**
     * The lines reached and not yet raised, in the policy file's order.
     *
     * @param insurance  the insurance type of the settlement being absorbed (null = unknown)
     * @param identities identity type codes the person holds on the settlement's discharge date
     * @param burden     the person-year's cumulative burden after this settlement
     * @param raised     ids of the lines already reached by this person-year (skipped)
     * @throws PolicyNotInForceException (from {@link #of} only) when a line in scope has no amount for the year
     */
    public List<Reached> reached(InsuranceType insurance, Collection<String> identities, Burden burden, Set<String> raised) {
        List<Reached> reached = null;
        for (int i = 0; i < thresholds.length; i++) {
            WarningRules.Line line = lines.get(i);
            if (raised.contains(line.id()) || !inScope(line, insurance, identities)) {
                continue;
            }
            long threshold = thresholds[i];
            if (threshold == UNDECLARED) {
                if (skipUndeclared) {
                    continue;
                }
                policy.incomeForDischargeYear(year); // throws, naming the version and the year
            }
            long measured = burden.measure(line.burden(), line.visitTypes());
            if (line.alwaysInScope() ? measured > 0 : measured >= threshold && threshold > 0) {
                if (reached == null) {
                    reached = new ArrayList<>(2);
                }
                reached.add(new Reached(line, line.alwaysInScope() ? 0 : threshold, measured));
            }
        }
        return reached == null ? List.of() : reached;
    }

    private boolean inScope(WarningRules.Line line, InsuranceType insurance, Collection<String> identities) {
        if (!line.insuranceTypes().isEmpty() && (insurance == null || !line.insuranceTypes().contains(insurance))) {
            return false;
        }
        if (intersects(line.population(), identities)) {
            return true;
        }
        return line.everyoneElse() && !intersects(named, identities);
    }

    private static long amount(RegionPolicy policy, int year, WarningRules.Line line) {
        if (!line.needsIncome()) {
            return line.thresholdFor(Money.ZERO).fen();
        }
        try {
            return line.thresholdFor(policy.incomeForDischargeYear(year)).fen();
        } catch (PolicyNotInForceException undeclared) {
            return UNDECLARED;
        }
    }

    private static boolean intersects(Set<String> a, Collection<String> b) {
        if (a.isEmpty()) {
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
