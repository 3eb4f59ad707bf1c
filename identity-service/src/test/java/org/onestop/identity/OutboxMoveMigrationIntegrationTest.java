package org.onestop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.onestop.infra.embedded.TestInfrastructure;

/**
 * Upgrading a database of the release before the platform outbox: identity events its relay had not yet published
 * move to {@code messaging_outbox} in their order, with the headers the old relay would have sent, and the old table
 * goes.
 */
class OutboxMoveMigrationIntegrationTest {

    static final String DB = "identity_outbox_move";
    static final String KEY_A = "a".repeat(64);
    static final String KEY_B = "b".repeat(64);

    static Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(TestInfrastructure.jdbcUrl(DB), TestInfrastructure.username(DB), TestInfrastructure.password(DB))
                .locations("classpath:db/migration", "classpath:db/messaging")
                .target(MigrationVersion.fromVersion(target)).load();
    }

    @Test
    void unpublishedEventsOfTheOldOutboxMoveAcrossInOrderWithTheirHeaders() throws Exception {
        flyway("6").migrate();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl(DB), TestInfrastructure.username(DB),
                TestInfrastructure.password(DB)); Statement s = c.createStatement()) {
            s.execute("""
                    insert into outbox (event_id, topic, msg_key, payload, event_time) values
                    ('00000000-0000-4000-8000-000000000002', 'identity.changed.v1', '%s', '{"n":1}',
                     '2027-01-05 09:30:00.25+08'),
                    ('00000000-0000-4000-8000-000000000001', 'identity.changed.v1', '%s', '{"n":2}',
                     '2027-01-05 09:31:00+08')""".formatted(KEY_A, KEY_B));

            flyway("latest").migrate();

            try (ResultSet rs = s.executeQuery("select to_regclass('public.outbox') is null")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("old outbox dropped").isTrue();
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    select id, aggregatetype, aggregateid, type, payload, headers->>'ce_id', headers->>'ce_source',
                           headers->>'ce_type', headers->>'ce_time', headers->>'ce_subject', headers->>'content-type',
                           headers->>'ce_specversion'
                    from messaging_outbox order by seq""")) {
                while (rs.next()) {
                    List<String> cols = new ArrayList<>();
                    for (int i = 1; i <= 12; i++) {
                        cols.add(i == 5 ? new String(rs.getBytes(i), StandardCharsets.UTF_8) : rs.getString(i));
                    }
                    rows.add(String.join("|", cols));
                }
            }
            // written order kept (the …02 event first); ce_time in UTC: 09:30:00.25 at +08 is 01:30:00.25Z
            assertThat(rows).containsExactly(
                    "00000000-0000-4000-8000-000000000002|identity.changed.v1|" + KEY_A
                            + "|org.onestop.identity.changed.v1|{\"n\":1}|00000000-0000-4000-8000-000000000002"
                            + "|/onestop/identity-service|org.onestop.identity.changed.v1"
                            + "|2027-01-05T01:30:00.250000Z|" + KEY_A + "|application/json|1.0",
                    "00000000-0000-4000-8000-000000000001|identity.changed.v1|" + KEY_B
                            + "|org.onestop.identity.changed.v1|{\"n\":2}|00000000-0000-4000-8000-000000000001"
                            + "|/onestop/identity-service|org.onestop.identity.changed.v1"
                            + "|2027-01-05T01:31:00.000000Z|" + KEY_B + "|application/json|1.0");
        }
    }
}
