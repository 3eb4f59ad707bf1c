package org.onestop.gateway.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onestop.gateway.shared-limits.*}: how the partners' API rate ({@code onestop.gateway.limits.requests-per-second})
 * is shared by all gateway replicas through the gateway's PostgreSQL database.
 *
 * @param enabled      false: each replica counts alone (the rate is then per replica, as before issue 12)
 * @param window       the counting window; the limit is per second, so a window other than 1 s is for tests
 * @param leaseShare   a replica takes permits from the shared budget in slices of this share of the limit (1/10: 20 of
 *                     200), so most calls are counted in memory; a slice unused when its window ends is lost, so with
 *                     N replicas a partner may get up to N slices fewer than its limit in a window, never more
 * @param storeTimeout a reservation the database has not answered by then counts as a store failure
 * @param fallbackFor  after a store failure, the replica limits alone (its local limiter, the full limit per replica)
 *                     for this long before it asks the database again: fail open, not closed (docs/gateway.md)
 */
@ConfigurationProperties("onestop.gateway.shared-limits")
public record SharedLimitsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration window,
        @DefaultValue("0.1") double leaseShare, @DefaultValue("300ms") Duration storeTimeout,
        @DefaultValue("5s") Duration fallbackFor) {

    public SharedLimitsProperties {
        if (window.toMillis() < 1 || !(leaseShare > 0 && leaseShare <= 1)) {
            throw new IllegalStateException("onestop.gateway.shared-limits: window must be positive, lease-share in (0, 1]");
        }
    }
}
