package org.onestop.monitoring;

import io.r2dbc.spi.ConnectionFactory;
import org.onestop.messaging.dependency.DependencyDeadlines;
import org.onestop.messaging.dependency.DependencyProbes;
import org.onestop.messaging.dependency.RequestDeadlineFilter;
import org.onestop.messaging.dependency.ServiceUnavailableAdvice;
import org.onestop.messaging.dependency.StaticMembership;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Failing fast (onestop-messaging's {@code dependency} package, issue 12): every request answered within
 * {@code onestop.messaging.deadlines.request} or with the 503 {@code dependency-unavailable} problem, producer
 * deadlines on Boot's producer factory, and the cached {@code database} and {@code broker} indicators that the
 * readiness group includes (application.yml), and every binding's consumers with a short session and, when
 * {@code ONESTOP_INSTANCE_ID} is set, static group membership.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DependencyDeadlines.class)
@Import(ServiceUnavailableAdvice.class)
class DependencyConfiguration {

    @Bean
    RequestDeadlineFilter requestDeadlineFilter(DependencyDeadlines deadlines) {
        return new RequestDeadlineFilter(deadlines);
    }

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

    @Bean
    StaticMembership staticMembership(DependencyDeadlines deadlines,
            @Value("${onestop.messaging.instance-id:}") String instanceId) {
        return new StaticMembership(deadlines, instanceId);
    }
}
