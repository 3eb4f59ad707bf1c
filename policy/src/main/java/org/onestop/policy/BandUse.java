package org.onestop.policy;

import java.math.BigDecimal;

/**
 * How one band of a schedule applied to this settlement: the part of the (cumulative) base that fell
 * into {@code [from, to)}, the ratio and the amount, before any cap.
 *
 * @param to      upper bound of the band, or null when it has none
 * @param portion the part of this settlement's base inside the band
 * @param ratio   fraction paid, e.g. {@code 0.65}
 * @param amount  {@code portion × ratio}, shown rounded half-up to the fen
 */
public record BandUse(Money from, Money to, Money portion, BigDecimal ratio, Money amount, String clause) {

    /** The ratio as a percentage string, e.g. {@code 65%}. */
    public String percent() {
        return Settler.pct(ratio);
    }
}
