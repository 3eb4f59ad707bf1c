package org.onestop.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upgrading a database of the release before the platform outbox (issue 12): alerts its relay had not yet published
 * move into {@code messaging_outbox} in their order, with the CloudEvents headers the old relay would have added, and
 * the old table is gone. No Spring: Flyway as the service runs it, first up to V4, then the rest.
 */
class OutboxMovesToMessagingMigrationTest {

    private static final String DATABASE = "monitoring_v2000";

    @Test
    void unsentAlertsOfTheOldOutboxMoveInOrderWithTheirHeadersAndTheOldTableIsDropped() {
        flyway("4").migrate();
        DatabaseClient db = client();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String person = MonitoringIntegrationTest.newPersonRef();
        // random ids: the order that must survive is the old table's seq
        for (UUID id : List.of(first, second)) {
            db.sql("""
                            insert into outbox (event_id, topic, msg_key, payload, event_time)
                            values ($1, 'monitoring.alert.v1', $2, $3, timestamptz '2026-03-10 08:00:00.123456+00')""")
                    .bind(0, id).bind(1, person).bind(2, "{\"eventId\":\"" + id + "\",\"kind\":\"RAISED\"}")
                    .fetch().rowsUpdated().block(Duration.ofSeconds(10));
        }

        flyway(null).migrate();

        List<Map<String, Object>> moved = db.sql("""
                        select id, aggregatetype, aggregateid, type, payload, headers::text as headers
                        from messaging_outbox order by seq""")
                .fetch().all().collectList().block(Duration.ofSeconds(10));
        assertThat(moved).extracting(r -> r.get("id")).containsExactly(first, second);
        Map<String, Object> row = moved.get(0);
        assertThat(row.get("aggregatetype")).isEqualTo("monitoring.alert.v1");
        assertThat(row.get("aggregateid")).isEqualTo(person);
        assertThat(row.get("type")).isEqualTo("org.onestop.monitoring.alert.v1");
        assertThat(new String(bytes(row.get("payload")), StandardCharsets.UTF_8))
                .isEqualTo("{\"eventId\":\"" + first + "\",\"kind\":\"RAISED\"}");
        Map<String, String> headers = JsonMapper.builder().build().readValue((String) row.get("headers"),
                new TypeReference<Map<String, String>>() {
                });
        assertThat(headers).containsEntry("ce_id", first.toString())
                .containsEntry("ce_source", "/onestop/monitoring-service")
                .containsEntry("ce_type", "org.onestop.monitoring.alert.v1")
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_time", "2026-03-10T08:00:00.123456Z")
                .containsEntry("ce_subject", person)
                .containsEntry("content-type", "application/json");
        Long oldTables = db.sql("select count(*) from information_schema.tables where table_name = 'outbox'")
                .map((r, meta) -> ((Number) r.get(0)).longValue()).one().block(Duration.ofSeconds(10));
        assertThat(oldTables).isZero();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] b) {
            return b;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    private static Flyway flyway(String target) {
        FluentConfiguration config = Flyway.configure()
                .dataSource(TestInfrastructure.jdbcUrl(DATABASE), TestInfrastructure.username(DATABASE),
                        TestInfrastructure.password(DATABASE))
                .locations("classpath:db/migration", "classpath:db/messaging");
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    private static DatabaseClient client() {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(TestInfrastructure.r2dbcUrl(DATABASE)).mutate()
                .option(ConnectionFactoryOptions.USER, TestInfrastructure.username(DATABASE))
                .option(ConnectionFactoryOptions.PASSWORD, TestInfrastructure.password(DATABASE))
                .build();
        return DatabaseClient.create(ConnectionFactories.get(options));
    }
}
