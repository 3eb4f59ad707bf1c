package org.onestop.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exact amount of yuan, held as a whole number of fen (0.01 yuan). Immutable.
 *
 * <p>Every operation that could lose precision takes an explicit {@link RoundingMode}; the policy
 * engine always rounds half-up to the fen. Amounts may be negative only as differences (e.g. an
 * adjustment); the engine never emits a negative payment.
 */
public final class Money implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    private final long fen;

    private Money(long fen) {
        this.fen = fen;
    }

    public static Money ofFen(long fen) {
        return fen == 0 ? ZERO : new Money(fen);
    }

    /** Parses a yuan amount with at most two decimals, e.g. {@code "1234.56"} or {@code "50000"}. */
    public static Money of(String yuan) {
        BigDecimal value = new BigDecimal(yuan.trim());
        if (value.scale() > 2 && value.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("more than two decimals (fen) in amount " + yuan);
        }
        return ofFen(value.movePointRight(2).longValueExact());
    }

    /** Converts an exact decimal yuan amount, rounding to the fen with {@code mode}. */
    public static Money of(BigDecimal yuan, RoundingMode mode) {
        return ofFen(yuan.setScale(2, mode).movePointRight(2).longValueExact());
    }

    public long fen() {
        return fen;
    }

    public BigDecimal yuan() {
        return BigDecimal.valueOf(fen, 2);
    }

    public Money plus(Money other) {
        return ofFen(Math.addExact(fen, other.fen));
    }

    public Money minus(Money other) {
        return ofFen(Math.subtractExact(fen, other.fen));
    }

    /** {@code this × ratio}, rounded to the fen with {@code mode}. */
    public Money times(BigDecimal ratio, RoundingMode mode) {
        if (mode == RoundingMode.HALF_UP) {
            return ofFen(timesHalfUp(fen, ratio));
        }
        return of(yuan().multiply(ratio), mode);
    }

    /** {@code fen × ratio} rounded half-up to the fen, exact. */
    static long timesHalfUp(long fen, BigDecimal ratio) {
        if (ratio.scale() >= 0 && ratio.scale() <= 9 && ratio.precision() <= 12) {
            // Fast exact path for the engine's ratios (a few decimals): fen × unscaled / 10^scale, half-up, in long.
            try {
                return divideHalfUp(Math.multiplyExact(fen, unscaled(ratio)), POWERS[ratio.scale()]);
            } catch (ArithmeticException overflow) {
                // falls through to the exact decimal product
            }
        }
        return BigDecimal.valueOf(fen).multiply(ratio).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * The unscaled value of a ratio of at most 12 digits. {@link BigDecimal#unscaledValue()} builds a
     * {@code BigInteger} on every call; the policy files hold a handful of ratios, so their values are kept (a
     * bounded number, so arbitrary callers' ratios cannot grow the map without end).
     */
    private static long unscaled(BigDecimal ratio) {
        Long known = UNSCALED.get(ratio);
        if (known != null) {
            return known;
        }
        long value = ratio.unscaledValue().longValueExact();
        if (UNSCALED.size() < 1024) {
            UNSCALED.put(ratio, value);
        }
        return value;
    }

    private static final ConcurrentHashMap<BigDecimal, Long> UNSCALED = new ConcurrentHashMap<>();

    private static final long[] POWERS = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L};

    /** {@code value / divisor} rounded half-up (away from zero on a tie), exact. */
    static long divideHalfUp(long value, long divisor) {
        long q = value / divisor;
        long r = value % divisor;
        if (Math.abs(r) * 2 >= divisor) {
            q += value < 0 ? -1 : 1;
        }
        return q;
    }

    public Money min(Money other) {
        return fen <= other.fen ? this : other;
    }

    public Money max(Money other) {
        return fen >= other.fen ? this : other;
    }

    /** {@code max(this, 0)}. */
    public Money atLeastZero() {
        return fen < 0 ? ZERO : this;
    }

    public boolean isZero() {
        return fen == 0;
    }

    public boolean isNegative() {
        return fen < 0;
    }

    public boolean isPositive() {
        return fen > 0;
    }

    public boolean isGreaterThan(Money other) {
        return fen > other.fen;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(fen, other.fen);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money m && m.fen == fen;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fen);
    }

    /** Plain yuan with two decimals, e.g. {@code 1234.50}. */
    @Override
    public String toString() {
        return yuan().toPlainString();
    }
}
