package org.onestop.gateway;

import io.r2dbc.spi.ConnectionFactory;
import org.onestop.messaging.dependency.DependencyDeadlines;
import org.onestop.messaging.dependency.DependencyProbes;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Failing fast where the gateway itself touches PostgreSQL (partners, revocations, audit, the shared rate limits) or
 * Kafka (the bulk route): its pool and producer have deadlines, and the cached {@code database} indicator is in the
 * readiness group. Not messaging's 503 advice: in the gateway it would also catch a routed call's time-out (a
 * {@code TimeoutException} cause), which must stay the 504 {@code service-timeout} of ProblemExceptionHandler ({@code broker} is shown in
 * {@code /actuator/health} only: one route's broker must not take the whole door out of the balancer). Calls routed
 * to services keep the routes' own timeouts and circuit breakers; no request deadline here.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DependencyDeadlines.class)
class DependencyConfiguration {

    @Bean
    DependencyProbes dependencyProbes(DependencyDeadlines deadlines, ConnectionFactory database, KafkaAdmin kafka) {
        return new DependencyProbes(deadlines).database("database", database)
                .broker("broker", kafka.getConfigurationProperties()).start();
    }

    @Bean
    HealthIndicator databaseHealthIndicator(DependencyProbes probes) {
        return probes.indicator("database");
    }

    @Bean
    HealthIndicator brokerHealthIndicator(DependencyProbes probes) {
        return probes.indicator("broker");
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer producerDeadlines(DependencyDeadlines deadlines) {
        return deadlines::applyTo;
    }
}
