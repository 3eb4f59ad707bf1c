package org.onestop.monitoring.webhook;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Department;
import org.onestop.events.MonitoringAlert;
import org.onestop.monitoring.MonitoringProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * POSTs raised warnings to the departments' webhooks, from the {@code webhook_delivery} rows the consumer wrote in the
 * warning's transaction — so a department that is down never blocks consumption. Each department has its own
 * Resilience4j circuit breaker; a failed attempt is retried after a backoff that doubles up to
 * {@code delivery.max-backoff}, indefinitely (a department down for an hour gets every warning once it is back).
 * With N replicas each delivery is claimed by one of them before it is sent ({@link #round()}): in normal operation a
 * warning is POSTed once per department; only across a crash (a replica killed between the POST and recording it) may
 * it come twice, so the receiver dedupes by {@code ce-id} (= the alert's eventId).
 *
 * <p>Runs on its own platform thread and blocks on R2DBC and HTTP deliberately, in this one place.
 */
@Component
class WebhookDelivery implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private record Due(long id, UUID eventId, String department, String personRef, String payload, int attempts,
            OffsetDateTime nextAttemptAt) {
    }

    private final DatabaseClient db;
    private final MonitoringProperties.Delivery config;
    private final Map<String, String> urls;
    private final CircuitBreakerRegistry breakers;
    private final HttpClient http;
    private final MeterRegistry registry;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong backlog = new AtomicLong();
    /** This replica's name on its claims. */
    private final String owner = "webhook-" + UUID.randomUUID();
    private volatile boolean running;
    private Thread thread;

    WebhookDelivery(DatabaseClient db, MonitoringProperties properties, MeterRegistry registry) {
        this.db = db;
        this.config = properties.delivery();
        this.urls = properties.webhooks();
        this.registry = registry;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRateThreshold())
                .minimumNumberOfCalls(config.minimumCalls())
                .slidingWindowSize(Math.max(config.minimumCalls(), 10))
                .waitDurationInOpenState(config.openWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        // One breaker per department, created up front so their state is on /actuator/prometheus from the start.
        for (Department d : Department.values()) {
            breakers.circuitBreaker("webhook-" + d.name());
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        Gauge.builder("onestop.monitoring.webhook.backlog", backlog, AtomicLong::get)
                .description("Webhook deliveries not yet acknowledged by their department").register(registry);
        for (Department d : Department.values()) {
            for (String outcome : List.of("delivered", "failed", "short_circuited")) {
                outcome(d.name(), outcome);
            }
        }
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "webhook-delivery");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            // a POST under way finishes and is recorded (its timeout bounds the wait), so a graceful stop sends nothing
            // twice; only a loop still stuck after that is interrupted
            try {
                thread.join(config.timeout().multipliedBy(2).toMillis() + 1000);
                thread.interrupt();
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                int done = round();
                if (done == 0) {
                    Thread.sleep(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("webhook delivery round failed, retrying: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * One pass: claims up to {@code claim-size} due deliveries for this replica (rows no live claim holds, taken with
     * {@code FOR UPDATE SKIP LOCKED}, so two replicas never claim the same row), then sends them; returns how many were
     * attempted. A claim is used only while it is surely held: a POST starts only when it can finish (its timeout,
     * twice over) before the claim lapses; the rest are handed back. Every update after the POST names this replica,
     * so a claim that was lost (this replica stalled past its lease) is noticed and logged.
     */
    int round() {
        Long pending = db.sql("select count(*) from webhook_delivery where delivered_at is null")
                .map((row, meta) -> row.get(0, Long.class)).one().block(DB_TIMEOUT);
        backlog.set(pending == null ? 0 : pending);
        long claimedAt = System.nanoTime();
        List<Due> due = db.sql("""
                        update webhook_delivery d set claimed_by = $1, claim_expires_at = now() + $2 * interval '1 millisecond'
                        where d.id in (select id from webhook_delivery
                                       where delivered_at is null and next_attempt_at <= now()
                                         and (claim_expires_at is null or claim_expires_at < now())
                                       order by next_attempt_at, id limit $3
                                       for update skip locked)
                        returning d.id, d.event_id, d.department, d.person_ref, d.payload, d.attempts, d.next_attempt_at""")
                .bind(0, owner).bind(1, config.claimLease().toMillis()).bind(2, config.claimSize())
                .map((row, meta) -> new Due(row.get("id", Long.class), row.get("event_id", UUID.class),
                        row.get("department", String.class), row.get("person_ref", String.class),
                        row.get("payload", String.class), row.get("attempts", Integer.class),
                        row.get("next_attempt_at", OffsetDateTime.class)))
                .all().collectList().block(DB_TIMEOUT);
        if (due == null || due.isEmpty()) {
            return 0;
        }
        // the order the select chose (UPDATE … RETURNING does not keep it)
        due = due.stream().sorted(Comparator.comparing(Due::nextAttemptAt).thenComparing(Due::id)).toList();
        long usableNanos = config.claimLease().minus(config.timeout().multipliedBy(2)).toNanos();
        int attempted = 0;
        for (int i = 0; i < due.size(); i++) {
            Due d = due.get(i);
            if (!running || System.nanoTime() - claimedAt > usableNanos) {
                release(due.subList(i, due.size()));
                break;
            }
            String url = urls.get(d.department());
            CircuitBreaker breaker = breakers.circuitBreaker("webhook-" + d.department());
            if (url == null) {
                reschedule(d, false, "no webhook configured", config.maxBackoff());
                continue;
            }
            attempted++;
            try {
                breaker.executeCheckedSupplier(() -> post(url, d));
                Long marked = db.sql("""
                                update webhook_delivery set delivered_at = now(), attempts = attempts + 1, last_error = null,
                                    claimed_by = null, claim_expires_at = null
                                where id = $1 and claimed_by = $2""")
                        .bind(0, d.id()).bind(1, owner).fetch().rowsUpdated().block(DB_TIMEOUT);
                if (marked == null || marked == 0) {
                    log.warn("webhook delivery {} was sent after its claim lapsed; another replica may send it again",
                            d.id());
                }
                outcome(d.department(), "delivered").increment();
            } catch (CallNotPermittedException open) {
                // The circuit is open: wait for it, without counting an attempt.
                reschedule(d, false, "circuit open", config.openWait());
                outcome(d.department(), "short_circuited").increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                release(due.subList(i, due.size()));
                return attempted;
            } catch (Throwable failed) {
                reschedule(d, true, failed.getMessage(), backoff(d.attempts() + 1));
                outcome(d.department(), "failed").increment();
            }
        }
        return attempted;
    }

    /** Hands claims back unsent (a stop, or a lease too short to send them safely): due again at once for anyone. */
    private void release(List<Due> unsent) {
        if (unsent.isEmpty()) {
            return;
        }
        Long[] ids = unsent.stream().map(Due::id).toArray(Long[]::new);
        db.sql("""
                        update webhook_delivery set claimed_by = null, claim_expires_at = null
                        where id = any($1) and claimed_by = $2""")
                .bind(0, ids).bind(1, owner).fetch().rowsUpdated().block(DB_TIMEOUT);
    }

    private Void post(String url, Due d) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.timeout())
                .header("Content-Type", CloudEventHeaders.JSON)
                .header("ce-id", d.eventId().toString())
                .header("ce-source", MonitoringAlert.CE_SOURCE)
                .header("ce-type", MonitoringAlert.CE_TYPE)
                .header("ce-specversion", CloudEventHeaders.SPEC_VERSION_VALUE)
                .header("ce-subject", d.personRef())
                .POST(HttpRequest.BodyPublishers.ofString(d.payload()))
                .build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return null;
    }

    private void reschedule(Due d, boolean countAttempt, String error, Duration wait) {
        OffsetDateTime next = OffsetDateTime.now(ZoneOffset.UTC).plus(wait);
        db.sql("""
                        update webhook_delivery set attempts = attempts + $2, next_attempt_at = $3, last_error = $4,
                            claimed_by = null, claim_expires_at = null
                        where id = $1 and claimed_by = $5""")
                .bind(0, d.id()).bind(1, countAttempt ? 1 : 0).bind(2, next)
                .bind(3, error == null ? "error" : error.length() > 200 ? error.substring(0, 200) : error)
                .bind(4, owner)
                .fetch().rowsUpdated().block(DB_TIMEOUT);
    }

    /** initial × 2^(attempts−1), at most max-backoff. */
    Duration backoff(int attempts) {
        long initial = config.initialBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long wait = initial << Math.min(Math.max(attempts - 1, 0), 30);
        return Duration.ofMillis(wait <= 0 ? max : Math.min(wait, max));
    }

    private Counter outcome(String department, String outcome) {
        return outcomes.computeIfAbsent(department + "|" + outcome, k -> Counter.builder("onestop.monitoring.webhook.deliveries")
                .description("Webhook delivery attempts by department and outcome")
                .tags("department", department, "outcome", outcome).register(registry));
    }
}
