package org.onestop.policy;

import java.time.LocalDate;
import java.util.Objects;

/**
 * An approved on-application benefit (依申请救助) registered by an insurance office, e.g. Jiujiang's
 * tilted assistance ({@code TILTED}) or Yantai's and Liaoning's illness-poor assistance
 * ({@code ILLNESS_POOR}). The region's policy turns the application date into the window of
 * discharges the grant covers.
 *
 * @param id              stable identifier; the grant's own accumulators live under it in the ledger
 * @param kind            grant kind code as named in the policy file's {@code grants}
 * @param applicationDate the day the person applied
 */
public record Grant(String id, String kind, LocalDate applicationDate) {
    public Grant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(applicationDate, "applicationDate");
    }
}
