package org.onestop.gateway;

import org.onestop.messaging.dependency.DependencyChecks;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Failing fast where the gateway itself touches PostgreSQL (partners, revocations, audit, the shared rate limits) or
 * Kafka (the bulk route): its pool and producer have deadlines, and the cached {@code database} indicator is in the
 * readiness group. Not messaging's 503 advice: in the gateway it would also catch a routed call's time-out (a
 * {@code TimeoutException} cause), which must stay the 504 {@code service-timeout} of ProblemExceptionHandler ({@code broker} is shown in
 * {@code /actuator/health} only: one route's broker must not take the whole door out of the balancer). Calls routed
 * to services keep the routes' own timeouts and circuit breakers; no request deadline here.
 */
@Configuration(proxyBeanMethods = false)
@Import(DependencyChecks.class)
class DependencyConfiguration {
}
