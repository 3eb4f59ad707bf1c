package org.onestop.settlement.whatif;

import java.time.Instant;
import java.util.UUID;

/**
 * A what-if run as stored ({@code whatif_run}).
 *
 * @param status       QUEUED, RUNNING, DONE, FAILED or CANCELLED
 * @param personsTotal persons whose books are replayed (null until the run has listed them)
 * @param resultJson   the result document (DONE only)
 * @param resultCsv    the same figures as CSV (DONE only)
 * @param error        why it FAILED
 */
public record WhatIfRun(UUID id, String region, int year, String status, boolean cancelRequested, Integer personsTotal,
                        int personsDone, String resultJson, String resultCsv, String error, Instant createdAt,
                        Instant updatedAt) {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String CANCELLED = "CANCELLED";

    public boolean finished() {
        return DONE.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
    }

    /** The same run as FAILED (shown so when the replica running it stopped updating it). */
    WhatIfRun failed(String why) {
        return new WhatIfRun(id, region, year, FAILED, cancelRequested, personsTotal, personsDone, null, null, why, createdAt,
                updatedAt);
    }
}
