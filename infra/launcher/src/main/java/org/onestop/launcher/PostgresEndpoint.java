package org.onestop.launcher;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the services' databases live: one PostgreSQL server, addressed as {@code host:port} plus optional connection
 * parameters, on which each service has a database of its own.
 *
 * @param hostAndPort {@code host:port} (pgjdbc's multi-host form {@code h1:p1,h2:p2} is passed through as is)
 * @param parameters  query string without {@code ?} (e.g. {@code sslmode=require}), or empty
 */
record PostgresEndpoint(String hostAndPort, String parameters, String username, String password) {

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:postgresql://([^/?]+)(?:/([^?]*))?(?:\\?(.*))?");

    PostgresEndpoint {
        Objects.requireNonNull(hostAndPort, "hostAndPort");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    static PostgresEndpoint local(int port, String username, String password) {
        return new PostgresEndpoint("localhost:" + port, "", username, password);
    }

    /**
     * Reads an external server's address from a JDBC URL such as
     * {@code jdbc:postgresql://db.example:5432/postgres?sslmode=require}; its database part is ignored (each
     * service gets its own), its parameters are kept for every database.
     */
    static PostgresEndpoint fromJdbcUrl(String jdbcUrl, String username, String password) {
        Matcher matcher = JDBC_URL.matcher(Objects.requireNonNull(jdbcUrl, "jdbcUrl").trim());
        if (!matcher.matches()) {
            throw new LaunchException("ONESTOP_POSTGRES_JDBC_URL must look like jdbc:postgresql://host:port/postgres, was '" + jdbcUrl + "'");
        }
        String parameters = matcher.group(3) == null ? "" : matcher.group(3);
        return new PostgresEndpoint(matcher.group(1), parameters, username, password);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostAndPort + "/" + database + query();
    }

    String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + hostAndPort + "/" + database + query();
    }

    /** The {@code postgres} maintenance database, through which service databases are created. */
    String adminJdbcUrl() {
        return jdbcUrl("postgres");
    }

    private String query() {
        return parameters.isEmpty() ? "" : "?" + parameters;
    }
}
