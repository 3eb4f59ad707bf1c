package org.onestop.policy;

import java.util.Objects;

/**
 * Insurance layers already settled by the national core system (先保险后救助): the engine checks them
 * and computes the layers after them instead of computing basic and critical-illness insurance itself.
 *
 * @param basicFund            {@code hifp_pay}: basic insurance fund payment
 * @param criticalIllness      {@code hifmi_pay}: resident critical-illness insurance payment
 * @param employeeLargeAmount  {@code hifob_pay}: employee large-amount subsidy (zero for residents)
 */
public record UpstreamInsurance(Money basicFund, Money criticalIllness, Money employeeLargeAmount) {
    public UpstreamInsurance {
        Objects.requireNonNull(basicFund, "basicFund");
        criticalIllness = criticalIllness == null ? Money.ZERO : criticalIllness;
        employeeLargeAmount = employeeLargeAmount == null ? Money.ZERO : employeeLargeAmount;
    }

    public static UpstreamInsurance of(String basicFund, String criticalIllness) {
        return new UpstreamInsurance(Money.of(basicFund), Money.of(criticalIllness), Money.ZERO);
    }

    /** What the insurance layers paid together. */
    public Money total() {
        return basicFund.plus(criticalIllness).plus(employeeLargeAmount);
    }
}
