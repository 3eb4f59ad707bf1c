package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    @Test
    void pointsAServiceAtItsPortTheBrokerAsItsOwnPrincipalItsOwnDatabaseAsItsOwnRoleAndTheSecret() {
        ServiceDefinition identity = new ServiceDefinition("identity-service", "identity-service", 8081, "identity");

        Map<String, String> env = ServiceEnvironment.of(identity, "localhost:9092", "SASL_PLAINTEXT", "kafka-pw",
                PostgresEndpoint.local(5433, "postgres", "superuser-pw"), "db-pw", "secret-1", false);

        // never the superuser's password: the service logs in as role "identity" and Kafka principal "identity-service"
        assertThat(env).containsExactly(
                entry("SERVER_PORT", "8081"),
                entry("ONESTOP_INSTANCE_ID", "identity-service-1"),
                entry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                entry("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", "localhost:9092"),
                entry("ONESTOP_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                entry("ONESTOP_KAFKA_USERNAME", "identity-service"),
                entry("ONESTOP_KAFKA_PASSWORD", "kafka-pw"),
                entry("SPRING_R2DBC_URL", "r2dbc:postgresql://localhost:5433/identity"),
                entry("SPRING_FLYWAY_URL", "jdbc:postgresql://localhost:5433/identity"),
                entry("ONESTOP_DB_USER", "identity"),
                entry("ONESTOP_DB_PASSWORD", "db-pw"),
                entry("ONESTOP_PERSON_REF_SECRET", "secret-1"),
                entry("ONESTOP_DEMO_MODE", "false"));
    }

    @Test
    void givesTheGatewayItsInternalKeyFilesAndEveryServiceTheGatewaysInternalKeySet() {
        ServiceDefinition gateway = new ServiceDefinition("gateway", "gateway", 8080, "gateway");
        ServiceDefinition identity = new ServiceDefinition("identity-service", "identity-service", 8081, "identity");
        Path data = Path.of("/srv/onestop/.data");

        assertThat(ServiceEnvironment.internalTokens(gateway, data, 8080)).containsExactly(
                entry("ONESTOP_INTERNAL_KEY_FILE", "/srv/onestop/.data/gateway/internal-jwks-private.json"),
                entry("ONESTOP_INTERNAL_JWKS_FILE", "/srv/onestop/.data/gateway/internal-jwks.json"));
        assertThat(ServiceEnvironment.internalTokens(identity, data, 8080)).containsExactly(
                entry("ONESTOP_INTERNAL_JWKS_URI", "http://127.0.0.1:8080/.well-known/internal-jwks.json"));
    }

    @Test
    void namesEachReplicaAndGivesTheGatewayEveryReplicaOfEachServiceAsItsUpstreams() {
        List<ServiceDefinition> instances = Services.instances(Services.ALL, 2, 0);
        ServiceDefinition secondSettlement = instances.stream()
                .filter(i -> i.name().equals("settlement-service") && i.replica() == 2).findFirst().orElseThrow();

        Map<String, String> env = ServiceEnvironment.of(secondSettlement, "localhost:9092", "SASL_PLAINTEXT", "kafka-pw",
                PostgresEndpoint.local(5433, "postgres", "superuser-pw"), "db-pw", "secret-1", false);

        // replica 2 = first port + 100, same principal and database as replica 1: replicas share one consumer group
        assertThat(env).contains(entry("SERVER_PORT", "8182"), entry("ONESTOP_INSTANCE_ID", "settlement-service-2"),
                entry("ONESTOP_KAFKA_USERNAME", "settlement-service"), entry("ONESTOP_DB_USER", "settlement"));
        assertThat(ServiceEnvironment.upstreams(instances)).containsExactly(
                entry("IDENTITY_URI", "http://localhost:8081,http://localhost:8181"),
                entry("SETTLEMENT_URI", "http://localhost:8082,http://localhost:8182"),
                entry("ENROLLMENT_URI", "http://localhost:8083,http://localhost:8183"),
                entry("MONITORING_URI", "http://localhost:8084,http://localhost:8184"),
                entry("CONSOLE_URI", "http://localhost:8085,http://localhost:8185"));
    }
}
