package org.onestop.gateway.access;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * In-memory Resilience4j rate limiters, one per client id (API calls) and one per asked-for client id (token endpoint).
 * Per gateway instance: with N instances behind a balancer a partner gets up to N times the rate (docs/gateway.md).
 */
@Component
public class RateLimits {

    private final RateLimiterRegistry registry;
    private final RateLimiterConfig api;
    private final RateLimiterConfig token;

    RateLimits(GatewayProperties properties) {
        this.api = config(properties.limits().requestsPerSecond());
        this.token = config(properties.limits().tokenRequestsPerSecond());
        this.registry = RateLimiterRegistry.of(api);
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

    public void acquireToken(String clientId) {
        acquire(registry.rateLimiter("token:" + clientId, token), "token-rate-limited",
                "获取令牌过于频繁 (too many token requests for this client; tokens last minutes, reuse them)");
    }

    private static void acquire(RateLimiter limiter, String code, String detail) {
        if (!limiter.acquirePermission()) {
            throw Problem.of(HttpStatus.TOO_MANY_REQUESTS, code, detail).header("Retry-After", "1")
                    .with("limitPerSecond", limiter.getRateLimiterConfig().getLimitForPeriod());
        }
    }
}
