package org.onestop.settlement.book;

import java.util.UUID;
import org.onestop.policy.Layer;
import org.onestop.policy.Money;

/**
 * One line of money moved on a settlement: its first payment, an adjustment found by a replay, or the reversal of
 * a cancellation. A settlement pays, per layer, the sum of its lines.
 */
public record Payment(UUID settlementId, Kind kind, Layer layer, String fundCode, Money amount) {

    public enum Kind { ORIGINAL, ADJUSTMENT, REVERSAL }
}
