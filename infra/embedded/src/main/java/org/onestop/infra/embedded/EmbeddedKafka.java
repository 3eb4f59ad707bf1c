package org.onestop.infra.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running in this JVM in KRaft combined mode (one node that is both broker and
 * controller), with its log directory on disk.
 *
 * <p>The directory is formatted only when it holds no {@code meta.properties} yet, so a broker restarted on a kept
 * directory (the launcher's {@code .data/kafka}) finds its topics, records and committed offsets again. Settings are
 * those of a single node: every replication factor and min ISR is 1, new topics get 6 partitions, topics may be
 * created on first use and consumer groups start without the initial rebalance delay.
 *
 * <p>{@link #start()} returns once the broker answers an admin request; {@link #close()} shuts it down and waits.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDirectory;
    private final int port;
    private final KafkaRaftServer server;
    private final Duration startupTime;
    private volatile boolean closed;

    private EmbeddedKafka(Path logDirectory, int port, KafkaRaftServer server, Duration startupTime) {
        this.logDirectory = logDirectory;
        this.port = port;
        this.server = server;
        this.startupTime = startupTime;
    }

    /** Starts a broker on {@code port} (0 picks a free one) keeping its data in {@code logDirectory}. */
    public static EmbeddedKafka start(Path logDirectory, int port) {
        return builder().logDirectory(logDirectory).port(port).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code localhost:<port>}, the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    /** Wall-clock time from {@link Builder#start()} until the broker answered. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Shuts the broker down and waits for it; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long begin = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker on port {} stopped in {} ms", port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    public static final class Builder {

        private Path logDirectory;
        private int port;
        private int controllerPort;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** Required. Created if missing; kept on close (deleting it is the caller's choice). */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
            return this;
        }

        /** Port of the client listener; 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** Port of the KRaft controller listener; 0 (the default) picks a free port at each start. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort(controllerPort);
            return this;
        }

        /** How long {@link #start()} waits for the broker to answer before failing; 60 s by default. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        /** Overrides or adds one broker property (for example {@code log.retention.hours}). */
        public Builder brokerProperty(String name, String value) {
            overrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public EmbeddedKafka start() {
            if (logDirectory == null) {
                throw new IllegalStateException("EmbeddedKafka needs a log directory");
            }
            long begin = System.nanoTime();
            Path dir = logDirectory.toAbsolutePath().normalize();
            int brokerPort = port == 0 ? FreePorts.find() : port;
            int quorumPort = controllerPort == 0 ? FreePorts.find() : controllerPort;
            FreePorts.requireFree(brokerPort, "Kafka broker");
            FreePorts.requireFree(quorumPort, "Kafka controller");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the Kafka log directory " + dir, e);
            }

            KafkaConfig config = KafkaConfig.fromProps(toProperties(brokerSettings(dir, brokerPort, quorumPort)), false);
            formatIfNeeded(dir, config);

            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
                awaitBrokerAnswers("localhost:" + brokerPort, startupTimeout);
            } catch (RuntimeException e) {
                stopQuietly(server);
                throw new IllegalStateException("Kafka broker did not start on port " + brokerPort + " with log directory " + dir
                        + ": " + e.getMessage(), e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            log.info("Kafka broker (KRaft, in-process) ready on localhost:{} in {} ms, data in {}", brokerPort, took.toMillis(), dir);
            return new EmbeddedKafka(dir, brokerPort, server, took);
        }

        private Map<String, String> brokerSettings(Path dir, int brokerPort, int quorumPort) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(NODE_ID));
            // A static one-voter quorum: the voter set lives in configuration, so a restart may use a different
            // controller port without any reconfiguration of the stored metadata.
            p.put("controller.quorum.voters", NODE_ID + "@localhost:" + quorumPort);
            p.put("controller.listener.names", CONTROLLER_LISTENER);
            p.put("inter.broker.listener.name", BROKER_LISTENER);
            p.put("listeners", BROKER_LISTENER + "://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + quorumPort);
            p.put("advertised.listeners", BROKER_LISTENER + "://localhost:" + brokerPort);
            p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            p.put("log.dirs", dir.toString());

            // One node: nothing can be replicated, so every internal and default replication factor is 1.
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("offsets.topic.replication.factor", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            // Topics are keyed by person; 6 partitions let a consumer group scale to 6 members.
            p.put("num.partitions", "6");
            p.put("auto.create.topics.enable", "true");
            // Tests and the launcher start consumers one at a time; the default 3 s delay would only slow them.
            p.put("group.initial.rebalance.delay.ms", "0");
            // Fewer internal partitions than the defaults (50) make the first consumer group and the first
            // transaction start in a fraction of the time on a laptop; one node gains nothing from 50.
            p.put("offsets.topic.num.partitions", "6");
            p.put("transaction.state.log.num.partitions", "6");
            // The log cleaner reserves its dedupe buffer on the heap (128 MiB by default), too much for a broker
            // that shares a JVM with tests or the launcher.
            p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
            p.putAll(overrides);
            return p;
        }

        private static void formatIfNeeded(Path dir, KafkaConfig config) {
            if (Files.exists(dir.resolve("meta.properties"))) {
                log.info("Kafka log directory {} is already formatted; reusing its data", dir);
                return;
            }
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    // Belt and braces: if another process formatted the directory in the meantime, keep its data.
                    .setIgnoreFormatted(true)
                    .addDirectory(dir.toString());
            try {
                formatter.run();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot format the Kafka log directory " + dir + ": " + e.getMessage(), e);
            }
            log.info("Formatted Kafka log directory {}", dir);
        }

        private static void awaitBrokerAnswers(String bootstrap, Duration timeout) {
            Map<String, Object> adminConfig = Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
            long deadline = System.nanoTime() + timeout.toNanos();
            Exception last = null;
            try (Admin admin = Admin.create(adminConfig)) {
                while (System.nanoTime() < deadline) {
                    try {
                        if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().isEmpty()) {
                            return;
                        }
                    } catch (ExecutionException e) {
                        last = e;
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Kafka broker at " + bootstrap, e);
            }
            throw new IllegalStateException("Kafka broker at " + bootstrap + " did not answer within " + timeout.toSeconds() + " s", last);
        }

        private static java.util.Properties toProperties(Map<String, String> settings) {
            java.util.Properties properties = new java.util.Properties();
            properties.putAll(settings);
            return properties;
        }

        private static void stopQuietly(KafkaRaftServer server) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                log.warn("Kafka broker did not stop cleanly after a failed start", e);
            }
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Port must be 0..65535, was " + port);
            }
            return port;
        }
    }
}
