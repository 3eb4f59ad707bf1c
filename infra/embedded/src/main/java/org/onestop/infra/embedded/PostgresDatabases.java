package org.onestop.infra.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Creates databases on a PostgreSQL server, whichever way it runs (embedded, container or external), so every
 * service gets its own database on the one server.
 */
public final class PostgresDatabases {

    /** Lower-case SQL identifiers only: the name goes into {@code CREATE DATABASE}, which takes no bind parameter. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String DUPLICATE_DATABASE = "42P04";

    private PostgresDatabases() {
    }

    /**
     * Creates database {@code name} unless it exists, connecting through {@code adminJdbcUrl} (any existing database on
     * the server, usually {@code postgres}). Safe to call concurrently from several JVMs.
     *
     * @return true if this call created the database
     * @throws IllegalArgumentException if {@code name} is not a lower-case SQL identifier
     * @throws IllegalStateException    if the server cannot be reached or refuses
     */
    public static boolean ensure(String adminJdbcUrl, String user, String password, String name) {
        requireValidName(name);
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, user, password)) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
                return true;
            } catch (SQLException e) {
                if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    return false; // created by a concurrent caller between our check and our CREATE
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database '" + name + "' through " + adminJdbcUrl + " as " + user
                    + ": " + e.getMessage(), e);
        }
    }

    static String requireValidName(String name) {
        Objects.requireNonNull(name, "database name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Database name must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 "
                    + "characters), was '" + name + "'");
        }
        return name;
    }
}
