package org.onestop.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A decision of enrollment-service about one person's subsidized enrollment (资助参保) for one insurance year, as
 * published on {@code enrollment.subsidy.v1} (key = {@link #personRef}, {@code ce_type} = {@value #CE_TYPE},
 * {@code ce_id} = {@link #eventId}). Amounts are yuan as decimal strings with two decimals ({@code "240.00"}), never floating point.
 *
 * @param eventId          unique per event, equal to {@code ce_id}; never null
 * @param personRef        the person (64 hex); never null
 * @param change           what was decided; never null
 * @param insuranceYear    the insurance (natural) year the contribution is for
 * @param regionCode       the region that determined the identity and pays (GB/T 2260, 6 digits); never null
 * @param policyRegion     the policy region it lies in (e.g. {@code 360400}); never null
 * @param policyVersion    the policy file version that decided (e.g. {@code jiujiang-2022}); never null
 * @param identityType     the identity that earned the subsidy (the highest one, never stacked); never null
 * @param subsidyKind      {@code FULL} | {@code FIXED} | {@code SHARE}; never null
 * @param contribution     the year's individual resident contribution in that region; never null
 * @param amount           GRANTED / WITHDRAWN: the subsidy granted / taken back; REFUND_DUE: the refund now due for
 *                         the year in total (it replaces an earlier figure); ENDED: 0.00; never null
 * @param provinceAmount   the province's part where a province and county split the cost (Shanxi 五), else null
 * @param countyAmount     the county's part in that case, else null
 * @param refund           WITHDRAWN: a refund announced earlier that is cancelled with it (0.00 if none); else null
 * @param benefitFrom      first day of subsidized benefits in that year; null for WITHDRAWN
 * @param subsidizedUntil  last day of the subsidized status in that year after an exit (inclusive); null = whole year
 * @param reason           a code: COLLECTION_PERIOD, AFTER_COLLECTION_NOT_INSURED, CONTRIBUTION_REPORTED, EXIT,
 *                         CORRECTED, EXIT_BEFORE_YEAR, ALREADY_INSURED, NO_CONTRIBUTION_DECLARED; never null
 * @param clause           the policy clause(s) the decision rests on; may be null
 * @param causedBy         the identity event (or contribution report) that caused it; may be null
 * @param decidedAt        when it was decided; never null
 * @param maskedIdNumber   display only ({@link ResidentIdNumber#mask()}: first 6 + 11 {@code *} + check character);
 *                         never null
 */
public record EnrollmentSubsidyChanged(
        UUID eventId,
        String personRef,
        Change change,
        int insuranceYear,
        String regionCode,
        String policyRegion,
        String policyVersion,
        IdentityType identityType,
        String subsidyKind,
        String contribution,
        String amount,
        String provinceAmount,
        String countyAmount,
        String refund,
        LocalDate benefitFrom,
        LocalDate subsidizedUntil,
        String reason,
        String clause,
        UUID causedBy,
        Instant decidedAt,
        String maskedIdNumber) {

    /** The CloudEvents type of this event, version 1. */
    public static final String CE_TYPE = "org.onestop.enrollment.subsidy.v1";
    /** The CloudEvents source enrollment-service writes. */
    public static final String CE_SOURCE = "/onestop/enrollment-service";

    /** What happened to the person-year's subsidy. */
    public enum Change {
        /** The subsidy is granted: the region pays {@code amount} of the contribution. */
        GRANTED,
        /** The person had paid: {@code amount} of what they paid is to be refunded to them. */
        REFUND_DUE,
        /** An earlier grant is reversed (a correction, a revoked identity, an exit before the year began). */
        WITHDRAWN,
        /** The subsidized status ends on {@code subsidizedUntil} (an exit within the year); no money moves. */
        ENDED
    }

    private static final Pattern YUAN = Pattern.compile("-?\\d+\\.\\d{2}");

    public EnrollmentSubsidyChanged {
        Objects.requireNonNull(eventId, "eventId");
        if (!PersonRef.isValid(personRef)) {
            throw new IllegalArgumentException("personRef must be 64 lowercase hex characters");
        }
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(policyRegion, "policyRegion");
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(identityType, "identityType");
        Objects.requireNonNull(subsidyKind, "subsidyKind");
        Objects.requireNonNull(contribution, "contribution");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(maskedIdNumber, "maskedIdNumber");
        maskedIdNumber = ResidentIdNumber.remask(maskedIdNumber);
        for (String yuan : new String[] {contribution, amount, provinceAmount, countyAmount, refund}) {
            if (yuan != null && !YUAN.matcher(yuan).matches()) {
                throw new IllegalArgumentException("amounts are yuan with two decimals, e.g. 240.00");
            }
        }
    }
}
