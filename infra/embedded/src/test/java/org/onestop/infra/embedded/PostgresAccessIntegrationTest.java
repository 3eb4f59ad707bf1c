package org.onestop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/** PostgreSQL refuses whoever has no right: docs/security.md, "PostgreSQL roles". */
class PostgresAccessIntegrationTest {

    @Test
    void aLoginWithoutThePasswordIsRefused() {
        String url = TestInfrastructure.jdbcUrl("identity");

        assertThatThrownBy(() -> DriverManager.getConnection(url, "identity", null)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", null)).isInstanceOf(SQLException.class);
    }

    @Test
    void aWrongPasswordIsRefused() {
        String url = TestInfrastructure.jdbcUrl("identity");

        // 28P01: invalid_password
        assertThatThrownBy(() -> DriverManager.getConnection(url, "identity", "not-the-password"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void aServiceRoleCannotConnectToAnotherServicesDatabase() {
        String identityUrl = TestInfrastructure.jdbcUrl("identity");
        TestInfrastructure.jdbcUrl("settlement");

        // 42501: insufficient_privilege ("permission denied for database identity")
        assertThatThrownBy(() -> DriverManager.getConnection(identityUrl, TestInfrastructure.username("settlement"),
                TestInfrastructure.password("settlement")))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    @Test
    void aServiceRoleOwnsItsDatabaseAndIsNoSuperuser() throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl("settlement"), TestInfrastructure.username("settlement"),
                TestInfrastructure.password("settlement"));
             Statement s = c.createStatement();
             ResultSet row = s.executeQuery("""
                     SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, pg_get_userbyid(d.datdba)
                     FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()""")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean(1)).as("superuser").isFalse();
            assertThat(row.getBoolean(2)).as("create database").isFalse();
            assertThat(row.getBoolean(3)).as("create role").isFalse();
            assertThat(row.getString(4)).as("database owner").isEqualTo("settlement");
            s.execute("CREATE TABLE owned_by_the_service (id int)"); // migrations run as this role
        }
    }
}
