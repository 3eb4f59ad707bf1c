package org.onestop.identity.batch;

/**
 * One incoming row as text, before validation: from a JSON record or a CSV line. {@code parseProblem} is set
 * when the row could not even be read (too long, wrong column count); the other fields may then be null.
 *
 * @param rowNo the 1-based row number in the batch (CSV: the line number in the file)
 */
public record IdentityRecord(
        int rowNo,
        String recordReference,
        String identityType,
        String regionCode,
        String idNumber,
        String name,
        String householdHeadIdNumber,
        String change,
        String startDate,
        String endDate,
        RowReason parseProblem) {

    public static IdentityRecord unreadable(int rowNo, RowReason problem) {
        return new IdentityRecord(rowNo, "line " + rowNo, null, null, null, null, null, null, null, null, problem);
    }

    /** Never the raw number. */
    @Override
    public String toString() {
        return "IdentityRecord[row=" + rowNo + ", ref=" + recordReference + ", type=" + identityType + ", change=" + change + "]";
    }
}
