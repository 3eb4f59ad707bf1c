package org.onestop.messaging.dependency;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Asks PostgreSQL and Kafka, each on its own daemon thread every {@link DependencyDeadlines#probeInterval()}, whether
 * they answer within {@link DependencyDeadlines#probeTimeout()}, and keeps the last answer. The health indicators only
 * read that answer, so {@code /actuator/health} and its readiness group never wait on a stalled dependency; they turn
 * DOWN within about interval + timeout of a stall and UP at the first probe after it ends. A result older than three
 * rounds counts as DOWN too (a probe thread stuck despite its deadline must not leave an old UP standing).
 *
 * <p>The database probe keeps one connection of its own, outside the pool, so a pool exhausted by a burst of load does
 * not read as an outage (the pool's deadline answers the load with 503s; readiness speaks of the server). Close it
 * with the context ({@link #close()}).
 */
public final class DependencyProbes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DependencyProbes.class);

    /** What a probe found, and when. */
    record Result(boolean up, String detail, Instant at) {
    }

    @FunctionalInterface
    interface Probe {

        /** Returns normally if the dependency answered within {@code timeout}; throws otherwise. */
        void check(Duration timeout) throws Exception;
    }

    private final DependencyDeadlines deadlines;
    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final Map<String, Result> results = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> resources = new LinkedHashMap<>();
    private ScheduledExecutorService scheduler;

    public DependencyProbes(DependencyDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    /**
     * Probes the PostgreSQL server behind {@code connectionFactory} (a pool is unwrapped: the probe keeps its own
     * connection) as {@code name}.
     */
    public DependencyProbes database(String name, ConnectionFactory connectionFactory) {
        ConnectionFactory direct = connectionFactory instanceof Wrapped<?> w && w.unwrap() instanceof ConnectionFactory inner
                ? inner : connectionFactory;
        DatabaseProbe probe = new DatabaseProbe(direct);
        resources.put(name, probe);
        return add(name, probe);
    }

    /** Probes the Kafka cluster the admin client {@code adminProperties} describe (bootstrap servers, SASL) as {@code name}. */
    public DependencyProbes broker(String name, Map<String, Object> adminProperties) {
        Map<String, Object> p = new LinkedHashMap<>(adminProperties);
        int timeout = (int) deadlines.probeTimeout().toMillis();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "readiness-" + name);
        Admin admin = Admin.create(p);
        resources.put(name, admin);
        return add(name, t -> admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) t.toMillis()))
                .clusterId().get(t.toMillis(), TimeUnit.MILLISECONDS));
    }

    DependencyProbes add(String name, Probe probe) {
        probes.put(name, probe);
        return this;
    }

    /** Starts probing: one daemon thread per dependency, so a stalled one never delays the other's verdict. */
    public synchronized DependencyProbes start() {
        if (scheduler == null) {
            scheduler = Executors.newScheduledThreadPool(Math.max(1, probes.size()), r -> {
                Thread t = new Thread(r, "dependency-probe");
                t.setDaemon(true);
                return t;
            });
            long every = deadlines.probeInterval().toMillis();
            probes.forEach((name, probe) -> scheduler.scheduleWithFixedDelay(() -> run(name, probe), 0, every,
                    TimeUnit.MILLISECONDS));
        }
        return this;
    }

    void run(String name, Probe probe) {
        Result before = results.get(name);
        Result now;
        try {
            probe.check(deadlines.probeTimeout());
            now = new Result(true, "answered within " + deadlines.probeTimeout(), Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception | LinkageError e) {
            now = new Result(false, "no answer within " + deadlines.probeTimeout() + " (" + e.getClass().getSimpleName() + ")",
                    Instant.now());
        }
        results.put(name, now);
        if (before == null || before.up() != now.up()) {
            if (now.up()) {
                log.info("{} is UP: {}", name, now.detail());
            } else {
                log.warn("{} is DOWN: {}", name, now.detail());
            }
        }
    }

    /** The health of {@code name} as last probed; never blocks. */
    public Health health(String name) {
        Result r = results.get(name);
        Duration stale = deadlines.probeInterval().plus(deadlines.probeTimeout()).multipliedBy(3);
        if (r == null) {
            return Health.down().withDetail("probe", "not answered yet").build();
        }
        if (r.at().plus(stale).isBefore(Instant.now())) {
            return Health.down().withDetail("probe", "last answer older than " + stale).withDetail("checkedAt", r.at().toString())
                    .build();
        }
        return (r.up() ? Health.up() : Health.down()).withDetail("probe", r.detail()).withDetail("checkedAt", r.at().toString())
                .build();
    }

    /** A health indicator for {@code name}; register it as a bean named {@code <name>HealthIndicator}. */
    public HealthIndicator indicator(String name) {
        if (!probes.containsKey(name)) {
            throw new IllegalArgumentException("No dependency probe '" + name + "'; one of " + probes.keySet());
        }
        return () -> health(name);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        resources.forEach((name, resource) -> {
            try {
                resource.close();
            } catch (Exception e) {
                log.debug("closing the {} probe failed", name, e);
            }
        });
    }

    /** One connection of its own, validated at the server (a round trip), replaced whenever it failed. */
    static final class DatabaseProbe implements Probe, AutoCloseable {

        private final ConnectionFactory factory;
        private Connection connection;

        DatabaseProbe(ConnectionFactory factory) {
            this.factory = factory;
        }

        @Override
        public synchronized void check(Duration timeout) {
            try {
                if (connection == null) {
                    connection = Mono.from(factory.create()).block(timeout);
                }
                Boolean valid = Mono.from(connection.validate(ValidationDepth.REMOTE)).block(timeout);
                if (!Boolean.TRUE.equals(valid)) {
                    throw new IllegalStateException("the connection did not validate");
                }
            } catch (RuntimeException e) {
                discard();
                throw e;
            }
        }

        private void discard() {
            Connection c = connection;
            connection = null;
            if (c != null) {
                // a stalled server may never acknowledge the close: do not wait for it
                Mono.from(c.close()).timeout(Duration.ofSeconds(1)).onErrorResume(e -> Mono.empty()).subscribe();
            }
        }

        @Override
        public synchronized void close() {
            discard();
        }
    }
}
