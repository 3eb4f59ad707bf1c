package org.onestop.infra.embedded;

/** A PostgreSQL server that {@link TestInfrastructure} started, however it runs, and how to stop it. */
record RunningPostgres(String host, int port, String username, String password, Runnable stop) {

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + PostgresDatabases.requireValidName(database);
    }

    String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + PostgresDatabases.requireValidName(database);
    }

    boolean ensureDatabase(String database) {
        return PostgresDatabases.ensure(jdbcUrl("postgres"), username, password, database);
    }
}
