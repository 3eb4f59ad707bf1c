package org.onestop.monitoring.warning;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A warning as the HTTP API and the CSV lists show it. Amounts are yuan with two decimals; never a raw ID number.
 *
 * @param regionCode   the 6-digit area (GB/T 2260) of the settlement that crossed the line: the person's insured area as
 *                     that settlement states it, normally the county (360402); for a warning raised before migration
 *                     V2 the policy region, the only area then kept
 * @param policyRegion the policy region whose line was crossed (360400)
 * @param ageDays      whole days since it was raised
 */
public record WarningView(UUID id, String personRef, String maskedIdNumber, String regionCode, String policyRegion,
                          String policyVersion,
                          int year, String lineId, String lineName, String clause, String burdenBasis, String threshold,
                          String burden, Map<String, String> composition, List<String> identityTypes, LocalDate asOf,
                          String status, Instant raisedAt, long ageDays, List<Route> routes, Instant resolvedAt,
                          String resolution) {

    /** Where the warning went and whether that department acknowledged it. */
    public record Route(String department, Instant acknowledgedAt, String note) {
    }
}
