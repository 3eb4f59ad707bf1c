package org.onestop.settlement.book;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.onestop.policy.Discharge;
import org.onestop.policy.Layer;
import org.onestop.policy.Money;

/**
 * A surviving (not cancelled) settlement of the person: its discharge (the engine's input) and what each layer has
 * paid on it so far (original plus adjustments).
 *
 * @param seq         settlement creation sequence: breaks ties between discharges of the same day
 * @param hospitalId  the hospital that settled it, repeated by every event about it (null when unknown)
 * @param hospitalRef that hospital's settlement reference, likewise
 */
public record Entry(UUID settlementId, long seq, Discharge discharge, Map<Layer, Money> paid, String hospitalId,
                    String hospitalRef) {

    /** Replay order: discharge date, then creation sequence. */
    public static final Comparator<Entry> ORDER =
            Comparator.comparing((Entry e) -> e.discharge().dischargeDate()).thenComparingLong(Entry::seq);

    public Entry {
        EnumMap<Layer, Money> copy = new EnumMap<>(Layer.class);
        if (paid != null) {
            paid.forEach((layer, amount) -> {
                if (!amount.isZero()) {
                    copy.put(layer, amount);
                }
            });
        }
        paid = Map.copyOf(copy);
    }

    /** An entry no hospital is named on (a probe, a test). */
    public Entry(UUID settlementId, long seq, Discharge discharge, Map<Layer, Money> paid) {
        this(settlementId, seq, discharge, paid, null, null);
    }

    /** The same settlement having paid {@code now}. */
    Entry paying(Map<Layer, Money> now) {
        return new Entry(settlementId, seq, discharge, now, hospitalId, hospitalRef);
    }

    public Money paid(Layer layer) {
        return paid.getOrDefault(layer, Money.ZERO);
    }
}
