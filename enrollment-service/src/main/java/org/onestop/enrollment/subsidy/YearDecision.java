package org.onestop.enrollment.subsidy;

import java.time.LocalDate;
import java.util.Objects;
import org.onestop.events.IdentityType;
import org.onestop.policy.EnrollmentRules.SubsidyKind;
import org.onestop.policy.Money;

/**
 * The decision for one person and insurance year. For {@link Status#SUBSIDIZED} every grant field is set
 * ({@code provinceAmount}/{@code countyAmount} only where the policy splits the cost, {@code subsidizedUntil} only
 * after an exit within the year); otherwise only {@code reason}.
 */
public record YearDecision(int year, Status status, String reason, String regionCode, String policyRegion,
        String policyVersion, IdentityType identityType, SubsidyKind kind, Money contribution, Money amount,
        Money provinceAmount, Money countyAmount, Money refund, LocalDate benefitFrom, LocalDate subsidizedUntil,
        String clause) {

    public enum Status { SUBSIDIZED, NOT_SUBSIDIZED, HELD }

    static YearDecision not(int year, Status status, String reason) {
        return new YearDecision(year, status, reason, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public boolean subsidized() {
        return status == Status.SUBSIDIZED;
    }

    /** Same money, payer and start: only the refund or the end of the status may differ. */
    boolean sameGrant(YearDecision o) {
        return Objects.equals(regionCode, o.regionCode) && Objects.equals(policyVersion, o.policyVersion)
                && identityType == o.identityType && kind == o.kind && Objects.equals(contribution, o.contribution)
                && Objects.equals(amount, o.amount) && Objects.equals(provinceAmount, o.provinceAmount)
                && Objects.equals(benefitFrom, o.benefitFrom);
    }
}
