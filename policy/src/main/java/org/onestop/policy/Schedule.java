package org.onestop.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
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
        return Money.ofFen(cumulativeFen(base.fen(), income));
    }

    /** {@code F(base)} in fen, {@code base} in fen: the engine's form, which allocates nothing unless it overflows. */
    long cumulativeFen(long base, Money income) {
        // Exact in millionths of a fen (ratios have at most 6 decimals: checked at load); BigDecimal only on overflow.
        long micro = 0;
        boolean overflow = false;
        BigDecimal total = BigDecimal.ZERO;
        for (Band band : bands) {
            long from = band.from().resolveFen(income);
            long top = band.to() == null ? base : Math.min(base, band.to().resolveFen(income));
            if (top > from) {
                long portion = top - from;
                if (!overflow) {
                    try {
                        micro = Math.addExact(micro, Math.multiplyExact(portion, band.ratioMillionths()));
                        continue;
                    } catch (ArithmeticException e) {
                        overflow = true;
                        total = BigDecimal.valueOf(micro, 8);
                    }
                }
                total = total.add(BigDecimal.valueOf(portion, 2).multiply(band.ratio().value()));
            }
        }
        if (overflow) {
            return Money.of(total, RoundingMode.HALF_UP).fen();
        }
        return Money.divideHalfUp(micro, 1_000_000L);
    }

    /** The explanation of {@code F(before + x) − F(before)} band by band. */
    List<BandUse> uses(Money before, Money x, Money income) {
        long lo0 = before.fen();
        long after = Math.addExact(lo0, x.fen());
        // one band used is the usual case: List.of(it), no array
        BandUse first = null;
        BandUse[] more = null;
        int n = 0;
        for (int i = 0; i < bands.size(); i++) {
            Band band = bands.get(i);
            long from = band.from().resolveFen(income);
            long to = band.to() == null ? Long.MAX_VALUE : band.to().resolveFen(income);
            long lo = Math.max(lo0, from);
            long hi = Math.min(after, to);
            if (hi > lo) {
                long portion = hi - lo;
                BandUse use = new BandUse(band.from().resolve(income), band.to() == null ? null : band.to().resolve(income),
                        Money.ofFen(portion), band.ratio().value(), Money.ofFen(Money.timesHalfUp(portion, band.ratio().value())),
                        band.ratio().clause());
                if (n == 0) {
                    first = use;
                } else {
                    if (more == null) {
                        more = new BandUse[bands.size()];
                        more[0] = first;
                    }
                    more[n] = use;
                }
                n++;
            }
        }
        if (n == 0) {
            return List.of();
        }
        return n == 1 ? List.of(first) : List.of(Arrays.copyOf(more, n));
    }

    /** Where the first band starts: the (annual) deductible. */
    Money deductible(Money income) {
        return bands.isEmpty() ? Money.ZERO : bands.get(0).from().resolve(income);
    }

    boolean capped() {
        return cap.value() != null;
    }
}
