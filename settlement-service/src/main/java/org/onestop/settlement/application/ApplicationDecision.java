package org.onestop.settlement.application;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The policy's decision on an application.
 *
 * @param status             APPROVED | REFUSED
 * @param windowFrom         approved: first discharge date the grant covers (inclusive)
 * @param windowUntil        approved: end of the window (exclusive)
 * @param adjustmentLines    approved: adjustment lines the re-settlement issued (补付 paid through settlement.completed.v1)
 * @param notice             refused: the written notice (不符合医疗救助条件书面告知书)
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
        Instant decidedAt) {

    /**
     * Shanxi 附件5: the rule not met and the appeal rights with their deadlines.
     *
     * @param ruleNotMet the rule, in Chinese, with its clause
     */
    public record RefusalNotice(String title, String number, String applicant, String text, String ruleNotMet, String clause,
                                String administrativeReview, String lawsuit, String issuedBy, LocalDate issuedOn) {
    }

    ApplicationDecision withAdjustments(int lines) {
        return new ApplicationDecision(applicationId, status, personRef, maskedIdNumber, regionCode, policyVersion, kind, applicationDate,
                windowFrom, windowUntil, lines, notice, decidedAt);
    }
}
