package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

    @Test
    void pointsAServiceAtItsPortTheBrokerItsOwnDatabaseAndTheSecret() {
        ServiceDefinition identity = new ServiceDefinition("identity-service", "identity-service", 8081, "identity");

        Map<String, String> env = ServiceEnvironment.of(identity, "localhost:9092", PostgresEndpoint.local(5433, "postgres", "pw"), "secret-1");

        assertThat(env).containsExactly(
                entry("SERVER_PORT", "8081"),
                entry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                entry("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS", "localhost:9092"),
                entry("SPRING_R2DBC_URL", "r2dbc:postgresql://localhost:5433/identity"),
                entry("SPRING_R2DBC_USERNAME", "postgres"),
                entry("SPRING_R2DBC_PASSWORD", "pw"),
                entry("SPRING_FLYWAY_URL", "jdbc:postgresql://localhost:5433/identity"),
                entry("SPRING_FLYWAY_USER", "postgres"),
                entry("SPRING_FLYWAY_PASSWORD", "pw"),
                entry("ONESTOP_PERSON_REF_SECRET", "secret-1"));
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
}
