package org.onestop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIntegrationTest {

    private static final String SUPERUSER_PASSWORD = "superuser-password-for-this-test";

    @TempDir
    Path dataDirectory;

    @Test
    void createsADatabaseOnceAndAnswersQueriesInIt() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDirectory, 0, SUPERUSER_PASSWORD)) {
            assertThat(postgres.ensureDatabase("identity")).isTrue();
            assertThat(postgres.ensureDatabase("identity")).isFalse();

            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("identity"), postgres.username(), postgres.password());
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("identity");
                assertThat(row.getInt(2)).isGreaterThanOrEqualTo(170000);
            }
        }
    }

    @Test
    void keepsTablesWhenRestartedOnTheSameDataDirectory() throws Exception {
        try (EmbeddedPostgres first = EmbeddedPostgres.start(dataDirectory, 0, SUPERUSER_PASSWORD)) {
            first.ensureDatabase("settlement");
            execute(first, "CREATE TABLE ledger (person_ref text PRIMARY KEY, paid_fen bigint NOT NULL)");
            execute(first, "INSERT INTO ledger VALUES ('p1', 12345)");
        }

        try (EmbeddedPostgres second = EmbeddedPostgres.start(dataDirectory, 0, SUPERUSER_PASSWORD)) {
            assertThat(second.ensureDatabase("settlement")).isFalse();
            try (Connection connection = DriverManager.getConnection(second.jdbcUrl("settlement"), second.username(), second.password());
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT paid_fen FROM ledger WHERE person_ref = 'p1'")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getLong(1)).isEqualTo(12345L);
            }
        }
    }

    @Test
    void aClusterThatTrustedLocalLoginsRequiresThePasswordAfterItsFirstStart() throws Exception {
        // a cluster as the launcher left it before password logins: zonky's own "initdb -A trust"
        try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres trusting = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
             Connection connection = trusting.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id int)");
        }

        try (EmbeddedPostgres migrated = EmbeddedPostgres.start(dataDirectory, 0, SUPERUSER_PASSWORD)) {
            String url = migrated.jdbcUrl("postgres");
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
            try (Connection connection = DriverManager.getConnection(url, "postgres", SUPERUSER_PASSWORD);
                 Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT count(*) FROM kept")) {
                assertThat(row.next()).isTrue();
            }
            assertThat(Files.readString(dataDirectory.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");
        }
    }

    @Test
    void aDatabaseMigratedByTheSuperuserIsHandedWholeToItsServiceRole() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDirectory, 0, SUPERUSER_PASSWORD)) {
            // as before roles existed: the database and its objects created by the superuser
            postgres.ensureDatabase("monitoring");
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("monitoring"), postgres.username(), postgres.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE warning (id bigserial PRIMARY KEY, note text)");
                statement.execute("CREATE FUNCTION note_length(t text) RETURNS int LANGUAGE sql AS 'SELECT length(t)'");
            }

            PostgresDatabases.ensureOwned(postgres.jdbcUrl("postgres"), postgres.username(), postgres.password(), "monitoring",
                    "monitoring", "monitoring-role-password");

            // the role now owns what its migrations will alter: the table, its sequence and the function
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("monitoring"), "monitoring", "monitoring-role-password");
                 Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE warning ADD COLUMN seen boolean");
                statement.execute("INSERT INTO warning (note) VALUES ('abc')");
                statement.execute("CREATE OR REPLACE FUNCTION note_length(t text) RETURNS int LANGUAGE sql AS 'SELECT length(t) + 0'");
                try (ResultSet row = statement.executeQuery("SELECT note_length(note) FROM warning")) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getInt(1)).isEqualTo(3);
                }
            }
        }
    }

    @Test
    void refusesDatabaseNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> PostgresDatabases.ensure("jdbc:postgresql://localhost:1/postgres", "u", "p", "x\"; DROP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case SQL identifier");
    }

    private static void execute(EmbeddedPostgres postgres, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("settlement"), postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
