package org.onestop.monitoring;

import org.onestop.messaging.dependency.ConsumerMembership;
import org.onestop.messaging.dependency.DependencyChecks;
import org.onestop.messaging.dependency.RequestDeadlines;
import org.onestop.messaging.limit.PayloadTooLargeAdvice;
import org.onestop.messaging.operations.OperationsStatusConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The messaging module's failing fast and short, static consumer-group membership, wired explicitly: the deadlines and the 503 {@code dependency-unavailable} problem,
 * the cached {@code database} and {@code broker} readiness indicators (docs/running.md › When PostgreSQL or Kafka
 * stalls).
 */
// PayloadTooLargeAdvice: a body over the codecs' limit answers the suite's 413 problem naming the limit (issue 15)
// OperationsStatusConfiguration: GET /api/v1/<service>/operations/status for operators (docs/runbook.md › Operator status)
@Configuration(proxyBeanMethods = false)
@Import({DependencyChecks.class, RequestDeadlines.class, ConsumerMembership.class, PayloadTooLargeAdvice.class,
        OperationsStatusConfiguration.class})
class DependencyConfiguration {
}
