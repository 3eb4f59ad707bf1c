package org.onestop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class TestInfrastructureIntegrationTest {

    @Test
    void registersEveryConnectionPropertyAServiceNeeds() {
        Map<String, Supplier<Object>> registered = new LinkedHashMap<>();

        TestInfrastructure.register(registered::put, "monitoring");

        assertThat(registered).containsOnlyKeys(
                "spring.kafka.bootstrap-servers", "spring.cloud.stream.kafka.binder.brokers",
                "spring.kafka.properties.security.protocol", "spring.kafka.properties.sasl.mechanism",
                "spring.kafka.properties.sasl.jaas.config", "spring.cloud.stream.kafka.binder.configuration.security.protocol",
                "spring.cloud.stream.kafka.binder.configuration.sasl.mechanism",
                "spring.cloud.stream.kafka.binder.configuration.sasl.jaas.config",
                "spring.r2dbc.url", "spring.r2dbc.username", "spring.r2dbc.password",
                "spring.flyway.url", "spring.flyway.user", "spring.flyway.password",
                "spring.datasource.url", "spring.datasource.username", "spring.datasource.password");
        assertThat(registered.get("spring.r2dbc.url").get()).asString().startsWith("r2dbc:postgresql://").endsWith("/monitoring");
        assertThat(registered.get("spring.flyway.url").get()).isEqualTo(TestInfrastructure.jdbcUrl("monitoring"));
        assertThat(registered.get("spring.cloud.stream.kafka.binder.brokers").get())
                .isEqualTo(registered.get("spring.kafka.bootstrap-servers").get());
        // the monitoring database's service, as its own principal and its own role, never a superuser
        assertThat(registered.get("spring.kafka.properties.sasl.jaas.config").get()).asString()
                .contains("username=\"monitoring-service\"");
        assertThat(registered.get("spring.r2dbc.username").get()).isEqualTo("monitoring");
        assertThat(registered.get("spring.flyway.user").get()).isEqualTo("monitoring");
    }

    @Test
    void sharesOneBrokerAndOneDatabaseServerWithTheDatabaseCreatedOnFirstUse() throws Exception {
        String url = TestInfrastructure.jdbcUrl("enrollment");

        assertThat(TestInfrastructure.jdbcUrl("enrollment")).isEqualTo(url);
        try (Connection connection = DriverManager.getConnection(url, TestInfrastructure.username("enrollment"),
                TestInfrastructure.password("enrollment"));
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_database()")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("enrollment");
        }
        try (Admin admin = Admin.create(TestInfrastructure.kafkaClientProperties(KafkaAccess.OPERATOR))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }
}
