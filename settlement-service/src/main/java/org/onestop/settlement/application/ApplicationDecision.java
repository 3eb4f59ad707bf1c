package org.onestop.settlement.application;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The policy's decision on an application.
 *
 * @param status             APPROVED | REFUSED
 * @param windowFrom         approved: first discharge date the grant covers (inclusive)
 * @param windowUntil        approved: end of the window (exclusive)
 * @param adjustmentLines    approved: adjustment lines the re-settlement issued (补付 paid through settlement.completed.v1)
 * @param notice             refused: the written notice (不符合医疗救助条件书面告知书)
 * @param adjustments        the lines themselves, in discharge order (read from the payment lines on every answer;
 *                           empty when refused or when the approval changed nothing already settled)
 * @param adjustmentsPaid    the sum of the lines' differences, yuan with two decimals: what the approval paid in all
 */
public record ApplicationDecision(
        UUID applicationId,
        String status,
        String personRef,
        String maskedIdNumber,
        String regionCode,
        String policyVersion,
        String kind,
        LocalDate applicationDate,
        LocalDate windowFrom,
        LocalDate windowUntil,
        int adjustmentLines,
        RefusalNotice notice,
        Instant decidedAt,
        List<Adjustment> adjustments,
        String adjustmentsPaid) {

    /**
     * Shanxi 附件5: the rule not met and the appeal rights with their deadlines.
     *
     * @param ruleNotMet the rule, in Chinese, with its clause
     */
    public record RefusalNotice(String title, String number, String applicant, String text, String ruleNotMet, String clause,
                                String administrativeReview, String lawsuit, String issuedBy, LocalDate issuedOn) {
    }

    /**
     * One payment line the approval's re-settlement issued on a settlement of the person. Amounts are yuan with two
     * decimals: what the layer had paid on that settlement just before the line, just after it, and the line itself
     * ({@code after − before}, positive 补付, negative 追回).
     *
     * @param settlementId          the settlement re-settled
     * @param hospitalId            the hospital that settled it
     * @param hospitalSettlementRef that hospital's reference for it
     * @param dischargeDate         the discharge it settled
     * @param layer                 the layer ({@code SECONDARY_ASSISTANCE}, …)
     * @param fundCode              the NHSA fund code of the layer, or null where none exists
     * @param clause                the clause of the rule that computed the layer's new amount (jiujiang-2022 三(三)2(5));
     *                              null only for lines written before clauses were kept
     * @param reason                why the settlement was re-settled: {@code GRANT_APPROVED}
     * @param adjustedAt            when the line was issued
     */
    public record Adjustment(UUID settlementId, String hospitalId, String hospitalSettlementRef, LocalDate dischargeDate,
                             String layer, String fundCode, String before, String after, String difference, String clause,
                             String reason, Instant adjustedAt) {
    }

    ApplicationDecision withAdjustments(int lines) {
        return new ApplicationDecision(applicationId, status, personRef, maskedIdNumber, regionCode, policyVersion, kind, applicationDate,
                windowFrom, windowUntil, lines, notice, decidedAt, adjustments, adjustmentsPaid);
    }

    /** The decision with its lines as the payment lines hold them now, and their sum. */
    ApplicationDecision withLines(List<Adjustment> lines, String paid) {
        return new ApplicationDecision(applicationId, status, personRef, maskedIdNumber, regionCode, policyVersion, kind, applicationDate,
                windowFrom, windowUntil, adjustmentLines, notice, decidedAt, List.copyOf(lines), paid);
    }
}
