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
record Schedule(List<Band> bands, Cited<Money> cap, boolean needsIncome) {

    /** {@code needsIncome} is decided once here: every layer paid by the schedule asks. */
    Schedule(List<Band> bands, Cited<Money> cap) {
        this(bands, cap, anyNeedsIncome(bands));
    }

    /**
     * One band: from (inclusive) to (exclusive, null = open), paid at {@code ratio}. The ratio and any income share of
     * the bounds are also held in millionths, so a settlement applies them in {@code long} arithmetic.
     */
    record Band(AmountRule from, AmountRule to, Cited<BigDecimal> ratio, long ratioMillionths, long fromShareMillionths,
                long toShareMillionths) {
        Band(AmountRule from, AmountRule to, Cited<BigDecimal> ratio) {
            this(from, to, ratio, ratio.value().movePointRight(6).longValueExact(), millionths(from), millionths(to));
        }

        /** A bound's share of income in millionths, or {@link #NO_SHARE} for a fixed bound or a finer share. */
        private static long millionths(AmountRule r) {
            if (r == null || r.shareOfIncome() == null || r.shareOfIncome().stripTrailingZeros().scale() > 6) {
                return NO_SHARE;
            }
            return r.shareOfIncome().movePointRight(6).longValueExact();
        }

        long fromFen(Money income) {
            return bound(from, fromShareMillionths, income);
        }

        /** Exclusive upper bound in fen, {@link Long#MAX_VALUE} when open. */
        long toFen(Money income) {
            return to == null ? Long.MAX_VALUE : bound(to, toShareMillionths, income);
        }

        private static long bound(AmountRule r, long shareMillionths, Money income) {
            if (r.fixed() != null) {
                return r.fixed().fen();
            }
            if (shareMillionths != NO_SHARE) {
                try {
                    return Money.divideHalfUp(Math.multiplyExact(income.fen(), shareMillionths), 1_000_000L);
                } catch (ArithmeticException overflow) {
                    // the exact decimal product below
                }
            }
            return r.resolveFen(income);
        }

        /** {@code portion × ratio} in fen, half-up. */
        long apply(long portion) {
            try {
                return Money.divideHalfUp(Math.multiplyExact(portion, ratioMillionths), 1_000_000L);
            } catch (ArithmeticException overflow) {
                return Money.timesHalfUp(portion, ratio.value());
            }
        }
    }

    private static final long NO_SHARE = Long.MIN_VALUE;

    private static boolean anyNeedsIncome(List<Band> bands) {
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
            long from = band.fromFen(income);
            long top = Math.min(base, band.toFen(income));
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
            long from = band.fromFen(income);
            long to = band.toFen(income);
            long lo = Math.max(lo0, from);
            long hi = Math.min(after, to);
            if (hi > lo) {
                long portion = hi - lo;
                BandUse use = new BandUse(bound(band.from(), from), band.to() == null ? null : bound(band.to(), to),
                        Money.ofFen(portion), band.ratio().value(), Money.ofFen(band.apply(portion)), band.ratio().clause());
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

    /** A resolved bound as a {@link Money}: a fixed bound's own instance, an income share's new one. */
    private static Money bound(AmountRule rule, long fen) {
        return rule.fixed() != null ? rule.fixed() : Money.ofFen(fen);
    }

    /** Where the first band starts: the (annual) deductible. */
    Money deductible(Money income) {
        return bands.isEmpty() ? Money.ZERO : bands.get(0).from().resolve(income);
    }

    boolean capped() {
        return cap.value() != null;
    }
}
