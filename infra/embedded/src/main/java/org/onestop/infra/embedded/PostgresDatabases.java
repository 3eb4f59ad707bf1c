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
 * Creates databases and their login roles on a PostgreSQL server, whichever way it runs (embedded, container or
 * external), so every service gets its own database on the one server, owned by its own role.
 */
public final class PostgresDatabases {

    /** Lower-case SQL identifiers only: the name goes into {@code CREATE DATABASE}, which takes no bind parameter. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String DUPLICATE_ROLE = "42710";
    /** Passwords go into SQL and connection strings: letters, digits and {@code -_.} only (generated ones are). */
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_.-]{8,200}");

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

    /**
     * Makes {@code database} a service's own: creates login role {@code role} (LOGIN, NOSUPERUSER, NOCREATEDB,
     * NOCREATEROLE, NOINHERIT) with {@code rolePassword} or resets its password to it (so a rotated secret takes effect),
     * creates the database owned by it or hands an existing one to it (with every table, sequence, view and function
     * an older superuser migration left in it), and takes CONNECT and TEMPORARY away from PUBLIC, so no other role but
     * a superuser can even connect. Safe to call on every start, concurrently from several JVMs.
     *
     * @return true if this call created the database
     */
    public static boolean ensureOwned(String adminJdbcUrl, String adminUser, String adminPassword, String database, String role,
                                      String rolePassword) {
        requireValidName(database);
        requireValidName(role);
        requireSafePassword(rolePassword);
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, adminUser, adminPassword);
             Statement sql = connection.createStatement()) {
            sql.execute("SET password_encryption = 'scram-sha-256'");
            String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD '" + rolePassword + "'";
            try {
                sql.execute("CREATE ROLE \"" + role + "\"" + attributes);
            } catch (SQLException e) {
                if (!DUPLICATE_ROLE.equals(e.getSQLState())) {
                    throw e;
                }
                sql.execute("ALTER ROLE \"" + role + "\"" + attributes);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create login role '" + role + "' through " + adminJdbcUrl + " as " + adminUser
                    + ": " + e.getMessage(), e);
        }
        boolean created = ensure(adminJdbcUrl, adminUser, adminPassword, database);
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, adminUser, adminPassword);
             Statement sql = connection.createStatement()) {
            sql.execute("ALTER DATABASE \"" + database + "\" OWNER TO \"" + role + "\"");
            sql.execute("REVOKE ALL ON DATABASE \"" + database + "\" FROM PUBLIC");
            sql.execute("GRANT CONNECT, TEMPORARY ON DATABASE \"" + database + "\" TO \"" + role + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot give database '" + database + "' to role '" + role + "': " + e.getMessage(), e);
        }
        if (!created) {
            reassignLeftovers(withDatabase(adminJdbcUrl, database), adminUser, adminPassword, role);
        }
        return created;
    }

    /**
     * Objects a superuser created in a service database (migrations ran as the superuser before each service had its
     * role) pass to the service's role, or its Flyway could not migrate them any more.
     */
    private static void reassignLeftovers(String jdbcUrl, String adminUser, String adminPassword, String role) {
        String reassign = """
                DO $$
                DECLARE r record;
                BEGIN
                  FOR r IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           JOIN pg_roles o ON o.oid = c.relowner
                           WHERE o.rolsuper AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
                             AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                             -- a serial/identity column's sequence follows its table (and cannot be moved alone)
                             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) LOOP
                    EXECUTE format('ALTER %%s %%I.%%I OWNER TO %%I',
                      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                     WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.nspname, r.relname, '%1$s');
                  END LOOP;
                  FOR r IN SELECT p.oid::regprocedure AS sig, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                           JOIN pg_roles o ON o.oid = p.proowner
                           WHERE o.rolsuper AND n.nspname NOT IN ('pg_catalog', 'information_schema') LOOP
                    EXECUTE format('ALTER %%s %%s OWNER TO %%I', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
                      r.sig, '%1$s');
                  END LOOP;
                  FOR r IN SELECT n.nspname FROM pg_namespace n JOIN pg_roles o ON o.oid = n.nspowner
                           WHERE o.rolsuper AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'public')
                             AND n.nspname NOT LIKE 'pg_%%' LOOP
                    EXECUTE format('ALTER SCHEMA %%I OWNER TO %%I', r.nspname, '%1$s');
                  END LOOP;
                END $$""".formatted(role);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, adminUser, adminPassword);
             Statement sql = connection.createStatement()) {
            sql.execute(reassign);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot hand the objects in " + jdbcUrl + " to role '" + role + "': " + e.getMessage(), e);
        }
    }

    /** {@code adminJdbcUrl} with its database part replaced by {@code database}, its parameters kept. */
    static String withDatabase(String adminJdbcUrl, String database) {
        return adminJdbcUrl.replaceFirst("^(jdbc:postgresql://[^/?]+)(/[^?]*)?", "$1/" + database);
    }

    static String requireSafePassword(String password) {
        if (password == null || !PASSWORD.matcher(password).matches()) {
            throw new IllegalArgumentException("PostgreSQL passwords here must be 8-200 characters of [A-Za-z0-9_.-]");
        }
        return password;
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
