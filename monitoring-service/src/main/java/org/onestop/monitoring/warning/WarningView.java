package org.onestop.monitoring.warning;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A warning as the HTTP API and the CSV lists show it. Amounts are yuan with two decimals; never a raw ID number.
 *
 * @param ageDays whole days since it was raised
 */
public record WarningView(UUID id, String personRef, String maskedIdNumber, String regionCode, String policyVersion,
                          int year, String lineId, String lineName, String clause, String burdenBasis, String threshold,
                          String burden, Map<String, String> composition, List<String> identityTypes, LocalDate asOf,
                          String status, Instant raisedAt, long ageDays, List<Route> routes, Instant resolvedAt,
                          String resolution) {

    /** Where the warning went and whether that department acknowledged it. */
    public record Route(String department, Instant acknowledgedAt, String note) {
    }
}
