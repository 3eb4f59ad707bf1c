package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class UrlTableTest {

    private static final ServiceDefinition IDENTITY = new ServiceDefinition("identity-service", "identity-service", 8081, "identity");
    private static final ServiceDefinition SETTLEMENT = new ServiceDefinition("settlement-service", "settlement-service", 8082, "settlement");

    @Test
    void listsEachRunningServiceWithItsBaseHealthAndPrometheusUrls() {
        String table = render(List.of(ServiceOutcome.up(IDENTITY)));

        assertThat(table.lines()).anySatisfy(line -> assertThat(line).matches(
                "identity-service\\s+UP\\s+http://localhost:8081\\s+http://localhost:8081/actuator/health\\s+http://localhost:8081/actuator/prometheus"));
    }

    @Test
    void explainsASkippedServiceInsteadOfListingUrls() {
        String table = render(List.of(ServiceOutcome.up(IDENTITY),
                ServiceOutcome.skipped(SETTLEMENT, "not built: settlement-service/target/settlement-service.jar is missing")));

        assertThat(table.lines()).anySatisfy(line -> assertThat(line)
                .matches("settlement-service\\s+SKIPPED\\s+not built: settlement-service/target/settlement-service.jar is missing"));
    }

    @Test
    void endsWithTheBrokerAndOneJdbcUrlPerDatabase() {
        String table = render(List.of());

        assertThat(table).contains("Kafka bootstrap  localhost:9092  (embedded, KRaft)");
        assertThat(table).contains("identity    jdbc:postgresql://localhost:5433/identity");
        assertThat(table).contains("settlement  jdbc:postgresql://localhost:5433/settlement");
        assertThat(table).contains("Logs             .data/logs");
    }

    @Test
    void printsNoPassword() {
        String table = UrlTable.render(List.of(), "localhost:9092", "embedded, KRaft",
                PostgresEndpoint.local(5433, "postgres", "superuser-secret-value"), "embedded", List.of("identity"), ".data/logs");

        assertThat(table).doesNotContain("superuser-secret-value").contains("superuser postgres");
    }

    private static String render(List<ServiceOutcome> outcomes) {
        return UrlTable.render(outcomes, "localhost:9092", "embedded, KRaft", PostgresEndpoint.local(5433, "postgres", "postgres"),
                "embedded", List.of("identity", "settlement"), ".data/logs");
    }
}
