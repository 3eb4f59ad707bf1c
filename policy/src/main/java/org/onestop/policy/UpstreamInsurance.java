package org.onestop.policy;

import java.util.Objects;

/**
 * Insurance layers already settled by the national core system (先保险后救助): the engine checks them and
 * computes the layers after them. Each insurance layer is supplied or computed on its own: a region whose core
 * system settles basic insurance while the suite applies the critical-illness tilt (Yantai 三(四), Jiujiang 三(二))
 * sends {@code basicFund} alone and the engine computes critical illness on what basic left.
 *
 * <p>Basic is never computed under a supplied critical-illness payment: critical illness is paid on the in-scope
 * cost after basic, so a payment the core system computed on a basic payment the engine does not know cannot be
 * checked. {@code basicFund} is therefore required.
 *
 * @param basicFund            {@code hifp_pay}: basic insurance fund payment (required)
 * @param criticalIllness      {@code hifmi_pay}: critical-illness insurance payment, or null for "the engine computes it"
 * @param employeeLargeAmount  {@code hifob_pay}: employee large-amount subsidy, or null; supplying either this or
 *                             {@code criticalIllness} means the critical-illness layer was settled upstream (a
 *                             missing one of the two is then zero)
 */
public record UpstreamInsurance(Money basicFund, Money criticalIllness, Money employeeLargeAmount) {
    public UpstreamInsurance {
        Objects.requireNonNull(basicFund, "basicFund");
    }

    /** Both insurance layers settled upstream. */
    public static UpstreamInsurance of(String basicFund, String criticalIllness) {
        return new UpstreamInsurance(Money.of(basicFund), Money.of(criticalIllness), null);
    }

    /** Basic insurance settled upstream; critical illness left to the engine. */
    public static UpstreamInsurance basicOnly(String basicFund) {
        return new UpstreamInsurance(Money.of(basicFund), null, null);
    }

    /** Whether the critical-illness layer (hifmi_pay and/or hifob_pay) was settled upstream. */
    public boolean criticalIllnessSupplied() {
        return criticalIllness != null || employeeLargeAmount != null;
    }

    /** What the upstream critical-illness layer paid (hifmi_pay + hifob_pay, a missing one as zero). */
    public Money criticalIllnessPaid() {
        return orZero(criticalIllness).plus(orZero(employeeLargeAmount));
    }

    /** What the insurance layers settled upstream paid together (a computed layer is not in it). */
    public Money total() {
        return basicFund.plus(criticalIllnessPaid());
    }

    private static Money orZero(Money m) {
        return m == null ? Money.ZERO : m;
    }
}
