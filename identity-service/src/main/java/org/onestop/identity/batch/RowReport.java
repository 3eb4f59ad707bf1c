package org.onestop.identity.batch;

/**
 * One row's outcome. Never the raw ID number.
 *
 * @param status         ACCEPTED or REJECTED
 * @param reasonCode     machine code of {@link RowReason}; null when accepted
 * @param reason         the clerk's explanation in Chinese; null when accepted
 * @param maskedIdNumber first 6 + 8 {@code *} + last 4; null when the number itself was invalid
 * @param personRef      null when the number itself was invalid
 */
public record RowReport(
        int rowNumber,
        String recordReference,
        String status,
        String reasonCode,
        String reason,
        String maskedIdNumber,
        String personRef,
        String identityType,
        String change) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";
}
