package org.onestop.identity.batch;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch's answer and stored report.
 *
 * @param area         the 6-digit area the batch was pushed in: the pushing department partner's region, for an
 *                     internal push the smallest area holding its regions ({@code 000000}: none narrower)
 * @param duplicate    true when this submission repeated an earlier one of the same department and area (same
 *                     department reference or same content): nothing was changed and this is the first
 *                     submission's report
 * @param rows         JSON batches: every row; CSV files: the first rejected rows ({@code rowsComplete} false
 *                     when there are more, read them from {@code /rows?status=rejected})
 */
public record BatchReport(
        UUID batchId,
        String department,
        String area,
        String departmentReference,
        String source,
        String identityType,
        Instant receivedAt,
        boolean duplicate,
        int totalRows,
        int acceptedRows,
        int rejectedRows,
        List<RowReport> rows,
        boolean rowsComplete) {

    BatchReport asDuplicate() {
        return new BatchReport(batchId, department, area, departmentReference, source, identityType, receivedAt, true,
                totalRows, acceptedRows, rejectedRows, rows, rowsComplete);
    }
}
