package org.onestop.monitoring.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.monitoring.MonitoringProperties;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Webhook delivery with several replicas on one database (issue 12): each scheduler claims its rows, so a department's
 * receiver gets every warning exactly once, and claims of a replica that died are taken over once they lapse. The
 * schedulers are separate instances of the bean, each with its own claim owner, as two replicas would run them.
 */
class WebhookClaimIntegrationTest {

    private static final String DATABASE = "monitoring_webhooks";

    static HttpServer receiver;
    static final Map<String, AtomicInteger> RECEIVED = new ConcurrentHashMap<>();
    static DatabaseClient db;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/warnings", exchange -> {
            exchange.getRequestBody().readAllBytes();
            RECEIVED.computeIfAbsent(exchange.getRequestHeaders().getFirst("ce-id"), k -> new AtomicInteger())
                    .incrementAndGet();
            try {
                Thread.sleep(2); // a receiver that takes a moment, so the schedulers' rounds overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
        Flyway.configure()
                .dataSource(TestInfrastructure.jdbcUrl(DATABASE), TestInfrastructure.username(DATABASE),
                        TestInfrastructure.password(DATABASE))
                .locations("classpath:db/migration", "classpath:db/messaging")
                .load().migrate();
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(TestInfrastructure.r2dbcUrl(DATABASE)).mutate()
                .option(ConnectionFactoryOptions.USER, TestInfrastructure.username(DATABASE))
                .option(ConnectionFactoryOptions.PASSWORD, TestInfrastructure.password(DATABASE))
                .build();
        db = DatabaseClient.create(new ConnectionPool(
                ConnectionPoolConfiguration.builder(ConnectionFactories.get(options)).maxSize(8).build()));
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    @BeforeEach
    void empty() {
        db.sql("delete from webhook_delivery").fetch().rowsUpdated().block(Duration.ofSeconds(10));
        RECEIVED.clear();
    }

    @Test
    void twoSchedulersOnOneDatabaseDeliverEachOfThreeHundredWebhooksExactlyOnce() {
        List<UUID> events = insert(300);
        List<SimpleMeterRegistry> registries = List.of(new SimpleMeterRegistry(), new SimpleMeterRegistry());
        List<WebhookDelivery> replicas = registries.stream().map(this::scheduler).toList();
        replicas.forEach(WebhookDelivery::start);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> undelivered() == 0);
        } finally {
            replicas.forEach(WebhookDelivery::stop);
        }
        // both replicas took part (claims of 5 rows at a time), and together they sent each row once
        List<Double> delivered = registries.stream().map(r -> r.get("onestop.monitoring.webhook.deliveries")
                .tags("department", "CIVIL_AFFAIRS", "outcome", "delivered").counter().count()).toList();
        assertThat(delivered).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(delivered.get(0) + delivered.get(1)).isEqualTo(300.0);
        assertThat(RECEIVED).hasSize(300);
        assertThat(RECEIVED.keySet()).containsExactlyInAnyOrderElementsOf(events.stream().map(UUID::toString).toList());
        assertThat(RECEIVED.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void aDeadReplicasLapsedClaimsAreTakenOverAndALiveReplicasClaimsAreLeftAlone() {
        List<UUID> lapsed = insert(3);
        db.sql("update webhook_delivery set claimed_by = 'dead-replica', claim_expires_at = now() - interval '1 second'")
                .fetch().rowsUpdated().block(Duration.ofSeconds(10));
        List<UUID> heldElsewhere = insert(2);
        db.sql("""
                        update webhook_delivery set claimed_by = 'live-replica', claim_expires_at = now() + interval '1 hour'
                        where claimed_by is null""")
                .fetch().rowsUpdated().block(Duration.ofSeconds(10));
        WebhookDelivery replica = scheduler(new SimpleMeterRegistry());
        replica.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> undelivered() == 2);
            replica.round(); // one more pass: the live claims still are not its to send
        } finally {
            replica.stop();
        }
        assertThat(RECEIVED.keySet()).containsExactlyInAnyOrderElementsOf(lapsed.stream().map(UUID::toString).toList());
        assertThat(RECEIVED.keySet()).doesNotContainAnyElementsOf(heldElsewhere.stream().map(UUID::toString).toList());
    }

    // ---------------------------------------------------------------- fixtures

    WebhookDelivery scheduler(SimpleMeterRegistry registry) {
        MonitoringProperties.Delivery delivery = new MonitoringProperties.Delivery(Duration.ofMillis(20),
                Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2), 50f, 4, Duration.ofMillis(300),
                5, Duration.ofSeconds(30));
        MonitoringProperties properties = new MonitoringProperties("monitoring-service", Map.of(),
                new MonitoringProperties.Outbox(6),
                Map.of("CIVIL_AFFAIRS", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/warnings"),
                delivery, Duration.ofSeconds(15));
        return new WebhookDelivery(db, properties, registry);
    }

    /** {@code n} due deliveries to civil affairs; their alert event ids (the {@code ce-id} the receiver sees). */
    List<UUID> insert(int n) {
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UUID event = UUID.randomUUID();
            events.add(event);
            db.sql("""
                            insert into webhook_delivery (warning_id, event_id, department, person_ref, payload)
                            values ($1, $2, 'CIVIL_AFFAIRS', $3, '{}')""")
                    .bind(0, UUID.randomUUID()).bind(1, event).bind(2, "p" + i)
                    .fetch().rowsUpdated().block(Duration.ofSeconds(10));
        }
        return events;
    }

    long undelivered() {
        return db.sql("select count(*) from webhook_delivery where delivered_at is null")
                .map((row, meta) -> ((Number) row.get(0)).longValue()).one().block(Duration.ofSeconds(10));
    }
}
