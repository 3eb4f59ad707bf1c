package org.onestop.messaging.dependency;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The deadlines and probes every process that talks to PostgreSQL and Kafka imports (the four services and the
 * gateway): the producer's deadlines on Boot's producer factory, and the cached {@code database} and {@code broker}
 * indicators its readiness group lists (application.yml), probed off the request thread so health never hangs.
 * One class imported explicitly ({@code @Import}) rather than five copies of the same beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DependencyDeadlines.class)
public class DependencyChecks {

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
