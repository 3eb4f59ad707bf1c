package org.onestop.identity.batch;

import org.onestop.events.Department;

/**
 * What is known about a batch before its rows are read.
 *
 * @param area            the area it is pushed in ({@code PartnerAccess.batchArea}); with the department, the scope of
 *                        both idempotency keys (department reference, content)
 * @param contentHash     hex SHA-256 of what the batch says (records, or file bytes plus the file-level fields)
 * @param source          JSON or CSV
 * @param identityType    CSV: the file's category code; JSON: null
 * @param reportAllRows   true to return every row in the answer (JSON), false for the first rejected ones (CSV)
 * @param kind            {@code ROSTER} (附件2) or {@code ADJUSTMENT} (附件3, and every JSON batch); a file's is known
 *                        once its header is read ({@link #withKind}), null before
 */
public record BatchSubmission(
        Department department,
        String area,
        String departmentReference,
        String contentHash,
        String source,
        String identityType,
        String issuingUnit,
        boolean reportAllRows,
        String kind) {

    public static final String ROSTER = "ROSTER";
    public static final String ADJUSTMENT = "ADJUSTMENT";

    /** This submission once its file's layout is known. */
    public BatchSubmission withKind(String kind) {
        return new BatchSubmission(department, area, departmentReference, contentHash, source, identityType, issuingUnit,
                reportAllRows, kind);
    }
}
