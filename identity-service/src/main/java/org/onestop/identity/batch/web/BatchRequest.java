package org.onestop.identity.batch.web;

import java.util.List;

/**
 * A JSON batch. Dates are ISO strings (yyyy-MM-dd) so that one bad date rejects one row, not the batch.
 *
 * @param department          CIVIL_AFFAIRS, RURAL_REVITALIZATION, VETERANS_AFFAIRS (or 民政, 乡村振兴, 退役军人事务)
 * @param departmentReference the department's own reference; a batch is taken once per reference
 */
record BatchRequest(String department, String departmentReference, List<Record> records) {

    /**
     * @param change    NEW, INCREASE, DECREASE, EXIT, CORRECTION (or 新识别, 自然增加, 自然减少, 退出, 更正)
     * @param startDate first day of the identity; for EXIT/DECREASE the day it stops applying
     * @param endDate   optional last day (inclusive)
     */
    record Record(String identityType, String regionCode, String idNumber, String name, String householdHeadIdNumber,
            String change, String startDate, String endDate, String recordReference) {

        /** Never the raw numbers. */
        @Override
        public String toString() {
            return "Record[" + identityType + ", " + change + ", " + recordReference + "]";
        }
    }
}
