package org.onestop.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiered bands over a cumulative base, with an optional cap: the shape of every annual payment rule
 * in the five texts (a deductible is simply where the first band starts).
 *
 * <p>A settlement pays {@code F(before + x) − F(before)}, where {@code F(b)} is the sum over bands of
 * {@code ratio × |[from, to) ∩ [0, b)|} rounded half-up to the fen, clipped by what is left of the cap.
 * Rounding F itself (not each increment) makes the payments telescope: splitting a stay into two
 * discharges never changes the year's total by a fen.
 */
record Schedule(List<Band> bands, Cited<Money> cap) {

    /** One band: from (inclusive) to (exclusive, null = open), paid at {@code ratio}. */
    record Band(AmountRule from, AmountRule to, Cited<BigDecimal> ratio, long ratioMillionths) {
        Band(AmountRule from, AmountRule to, Cited<BigDecimal> ratio) {
            this(from, to, ratio, ratio.value().movePointRight(6).longValueExact());
        }
    }

    boolean needsIncome() {
        for (Band b : bands) {
            if (b.from().needsIncome() || (b.to() != null && b.to().needsIncome())) {
                return true;
            }
        }
        return false;
    }

    /** {@code F(b)}, exact then rounded half-up to the fen. */
    Money cumulative(Money base, Money income) {
        // Exact in millionths of a fen (ratios have at most 6 decimals: checked at load); BigDecimal only on overflow.
        long micro = 0;
        boolean overflow = false;
        BigDecimal total = BigDecimal.ZERO;
        for (Band band : bands) {
            long from = band.from().resolve(income).fen();
            long top = band.to() == null ? base.fen() : Math.min(base.fen(), band.to().resolve(income).fen());
            if (top > from) {
                long portion = top - from;
                BigDecimal ratio = band.ratio().value();
                if (!overflow) {
                    try {
                        micro = Math.addExact(micro, Math.multiplyExact(portion, band.ratioMillionths()));
                        continue;
                    } catch (ArithmeticException e) {
                        overflow = true;
                        total = BigDecimal.valueOf(micro, 8);
                    }
                }
                total = total.add(BigDecimal.valueOf(portion, 2).multiply(ratio));
            }
        }
        if (overflow) {
            return Money.of(total, RoundingMode.HALF_UP);
        }
        return Money.ofFen(Money.divideHalfUp(micro, 1_000_000L));
    }

    /** The explanation of {@code F(before + x) − F(before)} band by band. */
    List<BandUse> uses(Money before, Money x, Money income) {
        List<BandUse> uses = new ArrayList<>();
        Money after = before.plus(x);
        for (Band band : bands) {
            Money from = band.from().resolve(income);
            Money to = band.to() == null ? null : band.to().resolve(income);
            Money lo = before.max(from);
            Money hi = to == null ? after : after.min(to);
            if (hi.isGreaterThan(lo)) {
                Money portion = hi.minus(lo);
                uses.add(new BandUse(from, to, portion, band.ratio().value(),
                        portion.times(band.ratio().value(), RoundingMode.HALF_UP), band.ratio().clause()));
            }
        }
        return uses;
    }

    /** Where the first band starts: the (annual) deductible. */
    Money deductible(Money income) {
        return bands.isEmpty() ? Money.ZERO : bands.get(0).from().resolve(income);
    }

    boolean capped() {
        return cap.value() != null;
    }
}
