package org.onestop.policy;

import java.util.List;

/**
 * One payer's share of a settlement and why: the base it was computed on, each band's ratio and
 * amount, the cap and what remains of it, or the rule that excluded it. Produced by the same code
 * that computes the amount.
 *
 * @param fundCode        NHSA fund type code (e.g. 610100 medical assistance) where one exists, else null
 * @param amount          what this layer pays on this discharge (never negative)
 * @param base            the amount the layer's rule applied to (e.g. policy-scope personal burden)
 * @param cumulativeBefore the year's (or grant's) cumulative base before this discharge, for annual thresholds
 * @param bands           how each band applied (empty for fixed amounts and exclusions)
 * @param cap             the cap that applies, or null when there is none
 * @param capRemaining    what remains of the cap after this payment, or null when there is none
 * @param excludedBy      the rule that excluded this layer, or null when it applied
 * @param clause          the clause the layer's rule comes from
 * @param notes           further lines of explanation, in Chinese
 * @param window          for a windowed layer, the window of discharge dates its amount and cumulative base came from;
 *                        null for layers without one (annual layers count the natural year of the discharge)
 */
public record LayerPayment(
        Layer layer,
        String fundCode,
        String name,
        Money amount,
        Money base,
        Money cumulativeBefore,
        List<BandUse> bands,
        Money cap,
        Money capRemaining,
        String excludedBy,
        String clause,
        List<String> notes,
        LayerWindow window) {

    public LayerPayment {
        bands = List.copyOf(bands);
        notes = notes instanceof Notes ? notes : List.copyOf(notes);
    }

    /** A layer without a window. */
    public LayerPayment(Layer layer, String fundCode, String name, Money amount, Money base, Money cumulativeBefore,
                        List<BandUse> bands, Money cap, Money capRemaining, String excludedBy, String clause, List<String> notes) {
        this(layer, fundCode, name, amount, base, cumulativeBefore, bands, cap, capRemaining, excludedBy, clause, notes, null);
    }

    /** The same payment, explained as counted over {@code w}. */
    LayerPayment within(LayerWindow w) {
        return new LayerPayment(layer, fundCode, name, amount, base, cumulativeBefore, bands, cap, capRemaining, excludedBy, clause,
                notes, w);
    }

    public boolean applied() {
        return excludedBy == null;
    }
}
