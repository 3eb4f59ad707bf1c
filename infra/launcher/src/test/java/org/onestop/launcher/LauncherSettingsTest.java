package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LauncherSettingsTest {

    private static final Path ROOT = Path.of("/work/onestop");

    @Test
    void defaultsToEmbeddedServersWithDataUnderDotDataAndTheDemoSecret() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of(), ROOT);

        assertThat(settings.dataDirectory()).isEqualTo(ROOT.resolve(".data"));
        assertThat(settings.kafkaDirectory()).isEqualTo(ROOT.resolve(".data/kafka"));
        assertThat(settings.postgresDirectory()).isEqualTo(ROOT.resolve(".data/postgres"));
        assertThat(settings.logDirectory()).isEqualTo(ROOT.resolve(".data/logs"));
        assertThat(settings.externalKafka()).isEmpty();
        assertThat(settings.externalPostgres()).isEmpty();
        assertThat(settings.demoSecret()).isTrue();
        assertThat(settings.personRefSecret()).isEqualTo(LauncherSettings.DEMO_PERSON_REF_SECRET);
        assertThat(settings.serviceJavaOptions()).containsExactly("-Xmx512m");
        assertThat(settings.secretsDirectory()).isEqualTo(ROOT.resolve(".data/secrets"));
        assertThat(settings.kafkaSecurityProtocol()).isEqualTo("SASL_PLAINTEXT");
        assertThat(settings.replicas()).isEqualTo(1);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.postgresPort()).isEqualTo(5433);
    }

    @Test
    void readsTheReplicaCountAndPortOffsetAndRefusesACountOutsideOneToNine() {
        LauncherSettings two = LauncherSettings.fromEnvironment(Map.of("ONESTOP_REPLICAS", "2", "ONESTOP_PORT_OFFSET", "20000"), ROOT);

        assertThat(two.replicas()).isEqualTo(2);
        assertThat(two.kafkaPort()).isEqualTo(29092);
        assertThat(two.postgresPort()).isEqualTo(25433);
        // all instances start at once: each may take 120 s per replica unless told otherwise
        assertThat(two.readinessTimeout()).isEqualTo(Duration.ofSeconds(240));
        assertThat(LauncherSettings.fromEnvironment(Map.of("ONESTOP_READINESS_TIMEOUT", "900"), ROOT).readinessTimeout())
                .isEqualTo(Duration.ofSeconds(900));
        assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("ONESTOP_REPLICAS", "0"), ROOT))
                .isInstanceOf(LaunchException.class).hasMessageContaining("ONESTOP_REPLICAS must be a whole number from 1 to 9");
        assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("ONESTOP_REPLICAS", "two"), ROOT))
                .isInstanceOf(LaunchException.class).hasMessageContaining("was 'two'");
    }

    @Test
    void anExternalBrokerIsReachedOverTlsUnlessToldOtherwiseAndItsAdminIsOptional() {
        LauncherSettings plain = LauncherSettings.fromEnvironment(Map.of("ONESTOP_KAFKA_BOOTSTRAP", "kafka-1:9093"), ROOT);
        LauncherSettings withAdmin = LauncherSettings.fromEnvironment(Map.of("ONESTOP_KAFKA_BOOTSTRAP", "kafka-1:9093",
                "ONESTOP_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "ONESTOP_KAFKA_ADMIN_USER", "ops",
                "ONESTOP_KAFKA_ADMIN_PASSWORD", "ops-pw"), ROOT);

        assertThat(plain.kafkaSecurityProtocol()).isEqualTo("SASL_SSL");
        assertThat(plain.externalKafkaAdmin()).isEmpty();
        assertThat(withAdmin.kafkaSecurityProtocol()).isEqualTo("SASL_PLAINTEXT");
        assertThat(withAdmin.externalKafkaAdmin()).contains(Map.entry("ops", "ops-pw"));
        assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("ONESTOP_KAFKA_BOOTSTRAP", "k:9092",
                "ONESTOP_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"), ROOT))
                .isInstanceOf(LaunchException.class).hasMessageContaining("SASL_SSL or SASL_PLAINTEXT");
    }

    @Test
    void resolvesARelativeDataDirectoryAgainstTheWorkingDirectoryAndKeepsAnAbsoluteOne() {
        assertThat(LauncherSettings.fromEnvironment(Map.of("ONESTOP_DATA_DIR", "run/a"), ROOT).dataDirectory())
                .isEqualTo(ROOT.resolve("run/a"));
        assertThat(LauncherSettings.fromEnvironment(Map.of("ONESTOP_DATA_DIR", "/var/lib/onestop"), ROOT).dataDirectory())
                .isEqualTo(Path.of("/var/lib/onestop"));
    }

    @Test
    void usesExternalKafkaAndPostgresWhenConfigured() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of(
                "ONESTOP_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092",
                "ONESTOP_POSTGRES_JDBC_URL", "jdbc:postgresql://db.internal:5432/postgres?sslmode=require",
                "ONESTOP_POSTGRES_USER", "onestop",
                "ONESTOP_POSTGRES_PASSWORD", "s3cret",
                "ONESTOP_PERSON_REF_SECRET", "real-secret",
                "ONESTOP_SERVICE_JAVA_OPTS", " -Xmx1g  -XX:+UseZGC "), ROOT);

        assertThat(settings.externalKafka()).contains("kafka-1:9092,kafka-2:9092");
        assertThat(settings.externalPostgres()).contains(new PostgresEndpoint("db.internal:5432", "sslmode=require", "onestop", "s3cret"));
        assertThat(settings.demoSecret()).isFalse();
        assertThat(settings.personRefSecret()).isEqualTo("real-secret");
        assertThat(settings.serviceJavaOptions()).isEqualTo(List.of("-Xmx1g", "-XX:+UseZGC"));
    }

    @Test
    void treatsBlankVariablesAsUnset() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of("ONESTOP_KAFKA_BOOTSTRAP", " ", "ONESTOP_PERSON_REF_SECRET", ""), ROOT);

        assertThat(settings.externalKafka()).isEmpty();
        assertThat(settings.demoSecret()).isTrue();
    }

    @Test
    void externalPostgresDefaultsToThePostgresUser() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of("ONESTOP_POSTGRES_JDBC_URL", "jdbc:postgresql://localhost:5432/postgres"), ROOT);

        assertThat(settings.externalPostgres()).hasValueSatisfying(endpoint -> {
            assertThat(endpoint.username()).isEqualTo("postgres");
            assertThat(endpoint.password()).isEqualTo("postgres");
        });
    }

    @Test
    void rejectsAJdbcUrlThatIsNotPostgres() {
        assertThatThrownBy(() -> LauncherSettings.fromEnvironment(Map.of("ONESTOP_POSTGRES_JDBC_URL", "jdbc:mysql://db:3306/x"), ROOT))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("ONESTOP_POSTGRES_JDBC_URL must look like jdbc:postgresql://");
    }
}
