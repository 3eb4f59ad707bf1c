package org.onestop.settlement.book;

import java.util.UUID;
import org.onestop.policy.Layer;
import org.onestop.policy.Money;

/**
 * One line of money moved on a settlement: its first payment, an adjustment found by a replay, or the reversal of
 * a cancellation. A settlement pays, per layer, the sum of its lines.
 *
 * @param clause the clause of the layer's rule as the settlement the line brings it to explains it (stored beside the
 *               line, so an adjustment can be shown with its rule later, whatever the person's book became); null on
 *               a reversal, which no rule computes
 */
public record Payment(UUID settlementId, Kind kind, Layer layer, String fundCode, Money amount, String clause) {

    public enum Kind { ORIGINAL, ADJUSTMENT, REVERSAL }
}
