package org.onestop.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount in a policy file: a fixed yuan amount, or a share of the per-capita disposable income
 * of the year before the discharge ("10% of income").
 */
public record AmountRule(Money fixed, BigDecimal shareOfIncome, String clause) {

    public static AmountRule fixed(Money amount, String clause) {
        return new AmountRule(amount, null, clause);
    }

    public static AmountRule ofIncome(BigDecimal share, String clause) {
        return new AmountRule(null, share, clause);
    }

    public boolean needsIncome() {
        return shareOfIncome != null;
    }

    /** The amount for a settlement; {@code income} may be null when {@link #needsIncome()} is false. */
    public Money resolve(Money income) {
        if (fixed != null) {
            return fixed;
        }
        return income.times(shareOfIncome, RoundingMode.HALF_UP);
    }

    /** {@link #resolve} in fen, without a {@link Money} in between. */
    long resolveFen(Money income) {
        if (fixed != null) {
            return fixed.fen();
        }
        return Money.timesHalfUp(income.fen(), shareOfIncome);
    }

    public String describe() {
        return fixed != null ? fixed.toString() : shareOfIncome.movePointRight(2).stripTrailingZeros().toPlainString() + "% × 人均可支配收入";
    }
}
