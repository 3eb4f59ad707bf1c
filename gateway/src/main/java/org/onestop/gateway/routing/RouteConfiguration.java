package org.onestop.gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import org.onestop.gateway.GatewayProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * One route per service area, each behind its own circuit breaker (named like the route). Retries: GET only, twice, on
 * 502/503/504 or a failed connection; never a POST, even a settlement's, whose idempotency by {@code messageId} makes
 * a partner's own retry safe but whose retry here would hold the cashier's window twice as long (docs/gateway.md).
 */
@Configuration
class RouteConfiguration {

    /** A statement PDF is a Chromium print: seconds on a busy machine, beyond the 10 s every other call is allowed. */
    static final Duration PRINT_TIMEOUT = Duration.ofSeconds(60);

    static final String[] ROUTES = {"identity-csv", "identity", "settlement", "settlement-print", "enrollment", "monitoring", "console"};

    @Bean
    RouteLocator routes(RouteLocatorBuilder builder, GatewayProperties properties) {
        // replicas://<service>: the ReplicaRoutingFilter picks one of the service's replicas for each call
        long csvTimeout = properties.resilience().csvTimeout().toMillis();
        return builder.routes()
                // the upload answers once the whole batch is stored: the HTTP client's own response timeout (30 s for
                // every other route) would cut it first, so the route carries the CSV time limit (found by
                // replicas-bench.sh: two 10,000-row uploads answered 504 after 30.4 s while identity-service stored them)
                .route("identity-csv", r -> r.path("/api/v1/identity/batches/csv").and().method(HttpMethod.POST)
                        .filters(f -> f.circuitBreaker(c -> c.setName("identity-csv")))
                        .metadata(RESPONSE_TIMEOUT_ATTR, csvTimeout)
                        .uri(ReplicaRoutingFilter.service("identity")))
                .route("identity", r -> r.path("/api/v1/identity/**").filters(f -> resilient(f, "identity")).uri(ReplicaRoutingFilter.service("identity")))
                // the statement's signed printing links (no bearer token: the signature is the credential, checked by
                // settlement-service) and the hospital's statement PDF (token as everywhere under /api): GET only, and
                // a PDF print may take Chromium several seconds. Before "settlement", which would give it 10 s.
                .route("settlement-print", r -> r.path("/print/statements/**", "/api/v1/settlements/*/statement.pdf")
                        .and().method(HttpMethod.GET)
                        .filters(f -> resilient(f, "settlement-print"))
                        .metadata(RESPONSE_TIMEOUT_ATTR, PRINT_TIMEOUT.toMillis())
                        .uri(ReplicaRoutingFilter.service("settlement")))
                .route("settlement", r -> r.path("/api/v1/settlements", "/api/v1/settlements/**", "/api/v1/persons/**",
                        "/api/v1/applications", "/api/v1/applications/**", "/api/v1/fhir/**", "/api/v1/hsa", "/api/v1/what-if",
                        "/api/v1/what-if/**",
                        "/api/v1/settlement/operations/**").filters(f -> resilient(f, "settlement")).uri(ReplicaRoutingFilter.service("settlement")))
                .route("enrollment", r -> r.path("/api/v1/enrollment/**").filters(f -> resilient(f, "enrollment")).uri(ReplicaRoutingFilter.service("enrollment")))
                .route("monitoring", r -> r.path("/api/v1/monitoring/**").filters(f -> resilient(f, "monitoring")).uri(ReplicaRoutingFilter.service("monitoring")))
                // the partners' web console (docs/console.md): its pages, its own sign-in and session; every API call it
                // makes comes back in through /api/** with the partner's token. An upload through it waits for the same
                // stored batch as the CSV route, so it carries the CSV time limit; no retries (a form POST is not idempotent)
                .route("console", r -> r.path("/console", "/console/**")
                        .filters(f -> f.circuitBreaker(c -> c.setName("console")))
                        .metadata(RESPONSE_TIMEOUT_ATTR, csvTimeout)
                        .uri(ReplicaRoutingFilter.service("console")))
                .build();
    }

    private static GatewayFilterSpec resilient(GatewayFilterSpec f, String name) {
        return f.circuitBreaker(c -> c.setName(name))
                .retry(r -> r.setRetries(2).setMethods(HttpMethod.GET)
                        .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.GATEWAY_TIMEOUT)
                        .setBackoff(Duration.ofMillis(50), Duration.ofMillis(500), 2, true));
    }

    /**
     * Every route's breaker: opens at {@code failure-rate-threshold} percent failed (or slow) calls over the last 20
     * (after at least 10), stays open {@code open-wait}, then lets 3 trial calls through. The time limiter is the
     * per-call timeout (504 when exceeded).
     */
    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakers(GatewayProperties properties) {
        GatewayProperties.Resilience r = properties.resilience();
        return factory -> {
            factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                    .circuitBreakerConfig(breaker(r, r.timeout()))
                    .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(r.timeout()).build())
                    .build());
            factory.configure(b -> b.circuitBreakerConfig(breaker(r, r.csvTimeout()))
                    .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(r.csvTimeout()).build()), "identity-csv", "console");
            factory.configure(b -> b.circuitBreakerConfig(breaker(r, PRINT_TIMEOUT))
                    .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(PRINT_TIMEOUT).build()), "settlement-print");
        };
    }

    /**
     * Every route's bulkhead: at most {@code max-concurrent-per-route} calls in flight to its service (the CSV upload
     * route: {@code csv-max-concurrent}); one more is refused at once with a 503 {@code route-busy} problem rather than
     * queued, so a slow service cannot hold every gateway connection. (Without this the library's default of 25 would
     * apply silently.)
     */
    @Bean
    Customizer<ReactiveResilience4jBulkheadProvider> bulkheads(GatewayProperties properties) {
        GatewayProperties.Resilience r = properties.resilience();
        return provider -> {
            provider.configureDefault(id -> new Resilience4jBulkheadConfigurationBuilder()
                    .bulkheadConfig(bulkhead(r.maxConcurrentPerRoute())).build());
            provider.configure(b -> b.bulkheadConfig(bulkhead(r.csvMaxConcurrent())), "identity-csv");
        };
    }

    private static BulkheadConfig bulkhead(int maxConcurrent) {
        return BulkheadConfig.custom().maxConcurrentCalls(maxConcurrent).maxWaitDuration(Duration.ZERO).build();
    }

    private static CircuitBreakerConfig breaker(GatewayProperties.Resilience r, Duration timeout) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(r.failureRateThreshold())
                .slowCallDurationThreshold(timeout)
                .waitDurationInOpenState(r.openWait())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }
}
