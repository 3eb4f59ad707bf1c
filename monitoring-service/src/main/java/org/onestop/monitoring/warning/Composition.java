package org.onestop.monitoring.warning;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.onestop.policy.VisitType;
import org.onestop.policy.WarningRules;

/**
 * A person-year's cumulative burden by visit type, in fen: after basic and critical-illness insurance, and after
 * every assistance layer. Immutable.
 */
public record Composition(Map<VisitType, VisitBurden> byVisitType) {

    public static final Composition EMPTY = new Composition(Map.of());

    /** One visit type's cumulative burden in fen. */
    public record VisitBurden(long afterInsurance, long afterAssistance) {

        long of(WarningRules.Burden basis) {
            return basis == WarningRules.Burden.AFTER_ASSISTANCE ? afterAssistance : afterInsurance;
        }
    }

    public Composition {
        byVisitType = byVisitType.isEmpty() ? Map.of() : new EnumMap<>(byVisitType);
    }

    /** This composition plus one settlement event's deltas on one visit type. */
    public Composition plus(VisitType visitType, long afterInsuranceDelta, long afterAssistanceDelta) {
        EnumMap<VisitType, VisitBurden> next = byVisitType.isEmpty() ? new EnumMap<>(VisitType.class) : new EnumMap<>(byVisitType);
        next.merge(visitType, new VisitBurden(afterInsuranceDelta, afterAssistanceDelta),
                (a, b) -> new VisitBurden(a.afterInsurance + b.afterInsurance, a.afterAssistance + b.afterAssistance));
        return new Composition(next);
    }

    /** The burden a line measures: its basis, summed over its visit types (empty = all). */
    public long measure(WarningRules.Burden basis, Set<VisitType> visitTypes) {
        long sum = 0;
        for (Map.Entry<VisitType, VisitBurden> e : byVisitType.entrySet()) {
            if (visitTypes.isEmpty() || visitTypes.contains(e.getKey())) {
                sum += e.getValue().of(basis);
            }
        }
        return sum;
    }

    /** The measured parts, by visit type, of what {@link #measure} sums (the cost breakdown a warning carries). */
    public Map<VisitType, Long> parts(WarningRules.Burden basis, Set<VisitType> visitTypes) {
        EnumMap<VisitType, Long> parts = new EnumMap<>(VisitType.class);
        byVisitType.forEach((type, burden) -> {
            if (visitTypes.isEmpty() || visitTypes.contains(type)) {
                parts.put(type, burden.of(basis));
            }
        });
        return parts;
    }
}
