package org.onestop.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment a service process gets: Spring Boot's relaxed binding turns each variable into its property. */
final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    static Map<String, String> of(ServiceDefinition service, String kafkaBootstrap, PostgresEndpoint postgres, String personRefSecret) {
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
        return env;
    }

    /**
     * Internal tokens (docs/security.md): the gateway signs them with the private key file it creates on first start
     * (mode 0600, under {@code dataDirectory/gateway}) and writes the public keys beside it; every other service
     * verifies against the gateway's published internal JWK set on loopback.
     */
    static Map<String, String> internalTokens(ServiceDefinition service, Path dataDirectory, int gatewayPort) {
        Map<String, String> env = new LinkedHashMap<>();
        if (service.name().equals("gateway")) {
            Path dir = dataDirectory.toAbsolutePath().resolve("gateway");
            env.put("ONESTOP_INTERNAL_KEY_FILE", dir.resolve("internal-jwks-private.json").toString());
            env.put("ONESTOP_INTERNAL_JWKS_FILE", dir.resolve("internal-jwks.json").toString());
        } else {
            env.put("ONESTOP_INTERNAL_JWKS_URI", "http://127.0.0.1:" + gatewayPort + "/.well-known/internal-jwks.json");
        }
        return env;
    }
}
