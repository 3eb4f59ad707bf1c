package org.onestop.infra.embedded;

/**
 * A PostgreSQL server that {@link TestInfrastructure} started, however it runs, and how to stop it; {@code embedded} is
 * the child process when it runs from the embedded binaries (null in a container), which a test may freeze.
 */
record RunningPostgres(String host, int port, String username, String password, Runnable stop, EmbeddedPostgres embedded) {

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + PostgresDatabases.requireValidName(database);
    }

    String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + PostgresDatabases.requireValidName(database);
    }

    /** Creates {@code database} owned by login role {@code role} (created with {@code rolePassword}) if needed. */
    boolean ensureDatabase(String database, String role, String rolePassword) {
        return PostgresDatabases.ensureOwned(jdbcUrl("postgres"), username, password, database, role, rolePassword);
    }
}
