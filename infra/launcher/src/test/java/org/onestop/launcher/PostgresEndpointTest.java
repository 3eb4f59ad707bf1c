package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresEndpointTest {

    @Test
    void givesEachServiceItsOwnDatabaseOnTheLocalServer() {
        PostgresEndpoint local = PostgresEndpoint.local(5433, "postgres", "postgres");

        assertThat(local.jdbcUrl("identity")).isEqualTo("jdbc:postgresql://localhost:5433/identity");
        assertThat(local.r2dbcUrl("identity")).isEqualTo("r2dbc:postgresql://localhost:5433/identity");
        assertThat(local.adminJdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5433/postgres");
    }

    @Test
    void replacesTheDatabaseOfAnExternalUrlButKeepsItsParameters() {
        PostgresEndpoint external = PostgresEndpoint.fromJdbcUrl("jdbc:postgresql://db:5432/admin?sslmode=require&connectTimeout=5", "u", "p");

        assertThat(external.jdbcUrl("settlement")).isEqualTo("jdbc:postgresql://db:5432/settlement?sslmode=require&connectTimeout=5");
        assertThat(external.r2dbcUrl("settlement")).isEqualTo("r2dbc:postgresql://db:5432/settlement?sslmode=require&connectTimeout=5");
    }

    @Test
    void acceptsAnExternalUrlWithoutDatabaseOrParameters() {
        PostgresEndpoint external = PostgresEndpoint.fromJdbcUrl("jdbc:postgresql://db:5432", "u", "p");

        assertThat(external.jdbcUrl("gateway")).isEqualTo("jdbc:postgresql://db:5432/gateway");
    }
}
