package org.onestop.gateway.access;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.problem.Problem;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * In-memory rate limits. API calls: a Resilience4j limiter per client id (only verified partners reach it, so their
 * number is bounded). Token endpoint: one-second windows counted per source address, then per source and asked-for
 * client id, both checked before the secret is (so a flood costs no bcrypt check), and forgotten each second (so
 * invented client ids leave nothing behind). Limiting by the asked-for client id alone let anyone lock a partner out
 * by naming it; counted per source, a stranger spends only its own budget. Per gateway instance: the API rate is
 * shared by all replicas through the database ({@link SharedRateLimits}), which falls back to this instance's API
 * limiter while the database does not answer; the token endpoint's limits stay per instance on purpose (they guard
 * this instance's CPU from bcrypt floods, docs/gateway.md).
 */
@Component
public class RateLimits {

    private final RateLimiterRegistry registry;
    private final RateLimiterConfig api;
    private final SecondWindow tokenSources;
    private final SecondWindow tokenClients;

    @Autowired
    RateLimits(GatewayProperties properties) {
        this(properties, System::currentTimeMillis);
    }

    RateLimits(GatewayProperties properties, LongSupplier clock) {
        this.api = config(properties.limits().requestsPerSecond());
        this.registry = RateLimiterRegistry.of(api);
        this.tokenSources = new SecondWindow(properties.limits().tokenRequestsPerSecondPerSource(), clock);
        this.tokenClients = new SecondWindow(properties.limits().tokenRequestsPerSecond(), clock);
    }

    private static RateLimiterConfig config(int perSecond) {
        return RateLimiterConfig.custom().limitForPeriod(perSecond).limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO).build();
    }

    /** Takes one permit of the partner's API rate, or throws a 429 problem with {@code Retry-After}. */
    public void acquireApi(String clientId) {
        acquire(registry.rateLimiter("api:" + clientId, api), "rate-limited",
                "请求过于频繁,请稍后重试 (too many requests for this client; see Retry-After)");
    }

    /**
     * Takes one token request of {@code source} (the peer's address) asking for {@code clientId}, or throws a 429
     * problem; call it before the secret is checked.
     */
    public void acquireToken(String source, String clientId) {
        if (!tokenSources.tryAcquire(source)) {
            throw tooManyTokenRequests(tokenSources.limit());
        }
        if (!tokenClients.tryAcquire(source + " " + clientId)) {
            throw tooManyTokenRequests(tokenClients.limit());
        }
    }

    private static Problem tooManyTokenRequests(int limit) {
        return Problem.of(HttpStatus.TOO_MANY_REQUESTS, "token-rate-limited",
                "获取令牌过于频繁 (too many token requests; tokens last minutes, reuse them)").header("Retry-After", "1")
                .with("limitPerSecond", limit);
    }

    /** Counts per key in the current second; the counts of a past second are dropped whole. */
    static final class SecondWindow {

        private final int limit;
        private final LongSupplier clock;
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private volatile long second = Long.MIN_VALUE;

        SecondWindow(int limit, LongSupplier clock) {
            this.limit = limit;
            this.clock = clock;
        }

        int limit() {
            return limit;
        }

        boolean tryAcquire(String key) {
            long now = clock.getAsLong() / 1000;
            if (now != second) {
                synchronized (this) {
                    if (now != second) {
                        counts.clear();
                        second = now;
                    }
                }
            }
            return counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= limit;
        }
    }

    private static void acquire(RateLimiter limiter, String code, String detail) {
        if (!limiter.acquirePermission()) {
            throw Problem.of(HttpStatus.TOO_MANY_REQUESTS, code, detail).header("Retry-After", "1")
                    .with("limitPerSecond", limiter.getRateLimiterConfig().getLimitForPeriod());
        }
    }
}
