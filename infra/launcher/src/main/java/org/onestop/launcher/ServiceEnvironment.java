package org.onestop.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/** The environment a service process gets: Spring Boot's relaxed binding turns each variable into its property. */
final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /**
     * {@code demoMode} is passed explicitly with the demo secret: a service refuses the demo secret outside demo mode
     * (PersonRefSecret), so a real deployment cannot fall back to it by forgetting the variable.
     */
    static Map<String, String> of(ServiceDefinition service, String kafkaBootstrap, PostgresEndpoint postgres, String personRefSecret,
            boolean demoMode) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(service.port()));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", kafkaBootstrap);
        env.put("SPRING_R2DBC_URL", postgres.r2dbcUrl(service.database()));
        env.put("SPRING_R2DBC_USERNAME", postgres.username());
        env.put("SPRING_R2DBC_PASSWORD", postgres.password());
        env.put("SPRING_FLYWAY_URL", postgres.jdbcUrl(service.database()));
        env.put("SPRING_FLYWAY_USER", postgres.username());
        env.put("SPRING_FLYWAY_PASSWORD", postgres.password());
        env.put("ONESTOP_PERSON_REF_SECRET", personRefSecret);
        env.put("ONESTOP_DEMO_MODE", Boolean.toString(demoMode));
        return env;
    }
}
