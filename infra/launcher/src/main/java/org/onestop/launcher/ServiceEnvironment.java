package org.onestop.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
        // Names this replica to itself: static Kafka group membership, metrics and logs tell replicas apart by it.
        env.put("ONESTOP_INSTANCE_ID", service.instanceId());
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

    /**
     * The console (docs/console.md): its port, its instance id, where the gateway is, the key that seals its session
     * cookie (the same for every replica) and every console replica's URL (each is told of a sign-out). It is a client
     * of the gateway like any partner system, so it gets no broker, database, person-reference or internal-token
     * credential at all.
     */
    static Map<String, String> gatewayClient(ServiceDefinition service, int gatewayPort, String sessionKey,
                                             List<ServiceDefinition> instances) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", Integer.toString(service.port()));
        env.put("ONESTOP_INSTANCE_ID", service.instanceId());
        env.put("ONESTOP_CONSOLE_GATEWAY_URI", "http://127.0.0.1:" + gatewayPort);
        env.put("ONESTOP_CONSOLE_SESSION_KEY", sessionKey);
        env.put("ONESTOP_CONSOLE_PEERS", instances.stream().filter(instance -> instance.name().equals(service.name()))
                .map(instance -> "http://127.0.0.1:" + instance.port()).collect(Collectors.joining(",")));
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

    /**
     * The gateway's upstreams: {@code IDENTITY_URI} etc., each the comma-separated base URLs of every replica of that
     * service (docs/gateway.md: round robin, skipping a replica that refuses connections or is not ready).
     */
    static Map<String, String> upstreams(List<ServiceDefinition> instances) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> upstream : UPSTREAM_VARIABLES) {
            String uris = instances.stream().filter(instance -> instance.name().equals(upstream.getKey()))
                    .map(ServiceDefinition::baseUrl).collect(Collectors.joining(","));
            if (!uris.isEmpty()) {
                env.put(upstream.getValue(), uris);
            }
        }
        return env;
    }

    private static final List<Map.Entry<String, String>> UPSTREAM_VARIABLES = List.of(
            Map.entry("identity-service", "IDENTITY_URI"),
            Map.entry("settlement-service", "SETTLEMENT_URI"),
            Map.entry("enrollment-service", "ENROLLMENT_URI"),
            Map.entry("monitoring-service", "MONITORING_URI"),
            Map.entry("console", "CONSOLE_URI"));
}
