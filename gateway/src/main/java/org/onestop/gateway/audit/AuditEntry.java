package org.onestop.gateway.audit;

import java.time.Instant;

/**
 * One write attempt through the gateway.
 *
 * @param partner   the token's client id, or {@code anonymous} when the call was refused before one was known
 * @param action    what was attempted, e.g. {@code settlement.settle}
 * @param path      the request path, ID-number-shaped parts masked
 * @param personRef the person concerned when the body named one person (never the raw number), else null
 * @param status    the HTTP status answered
 */
public record AuditEntry(Instant at, String partner, String partnerType, String action, String method, String path,
        String personRef, int status, String requestId) {
}
