package org.onestop.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a service process gets: its port, the broker with its own Kafka principal and password, its own
 * database with its own role and password, and the person-reference secret. Nothing else: no service receives another's
 * credentials or a super user's. The names are documented in docs/running.md.
 */
final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /**
     * @param kafkaPassword the SCRAM password of principal {@code service.name()}
     * @param dbPassword    the password of role {@code service.database()}, owner of that database
     * @param demoMode      passed explicitly with the demo secret: a service refuses the demo secret outside demo mode
     *                      (PersonRefSecret), so a real deployment cannot fall back to it by forgetting the variable
     */
    static Map<String, String> of(ServiceDefinition service, String kafkaBootstrap, String kafkaSecurityProtocol, String kafkaPassword,
                                  PostgresEndpoint postgres, String dbPassword, String personRefSecret, boolean demoMode) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(service.port()));
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", kafkaBootstrap);
        env.put("ONESTOP_KAFKA_SECURITY_PROTOCOL", kafkaSecurityProtocol);
        env.put("ONESTOP_KAFKA_USERNAME", service.name());
        env.put("ONESTOP_KAFKA_PASSWORD", kafkaPassword);
        env.put("SPRING_R2DBC_URL", postgres.r2dbcUrl(service.database()));
        env.put("SPRING_FLYWAY_URL", postgres.jdbcUrl(service.database()));
        env.put("ONESTOP_DB_USER", service.database());
        env.put("ONESTOP_DB_PASSWORD", dbPassword);
        env.put("ONESTOP_PERSON_REF_SECRET", personRefSecret);
        env.put("ONESTOP_DEMO_MODE", Boolean.toString(demoMode));
        return env;
    }
}
