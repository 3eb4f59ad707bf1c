package org.onestop.settlement.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.SettlementCompleted;
import org.onestop.settlement.SettlementProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Drains the outbox to Kafka, oldest first: fetch up to N events in sequence order, send them all (the idempotent
 * producer keeps their order per partition, hence per person), wait for every acknowledgement (acks=all), then
 * delete exactly those rows. Rounds are pipelined as identity-service's relay does: the next round's fetch and
 * sends overlap Kafka's acknowledgement of the previous one. A crash between send and delete re-sends them:
 * consumers dedupe by {@code ce_id}.
 *
 * <p>Runs on its own platform thread and blocks on R2DBC deliberately, in this one place: a relay loop is
 * sequential by nature and must not run two rounds at once.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(60);

    private record Entry(long seq, UUID eventId, String topic, String key, String payload, OffsetDateTime eventTime,
            OffsetDateTime createdAt) {
    }

    private final DatabaseClient db;
    private final KafkaTemplate<String, byte[]> kafka;
    private final SettlementProperties.Outbox config;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private final Timer lag;
    private volatile boolean running;
    private Thread thread;
    private long lastCount;

    OutboxRelay(DatabaseClient db, KafkaTemplate<String, byte[]> kafka, SettlementProperties properties,
            MeterRegistry registry) {
        this.db = db;
        this.kafka = kafka;
        this.config = properties.outbox();
        Gauge.builder("onestop.settlement.outbox.backlog", backlog, AtomicLong::get)
                .description("Events written but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("onestop.settlement.outbox.oldest.age", oldestMillis, v -> v.get() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest unpublished event").register(registry);
        this.lag = Timer.builder("onestop.settlement.outbox.publish.lag")
                .description("From the commit of a change to Kafka's acknowledgement of its event")
                .register(registry);
    }

    @Override
    public void start() {
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(15_000);
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
                int fetched = round();
                if (fetched < config.batchSize() && inFlight == null) {
                    Thread.sleep(fetched == 0 ? config.pollInterval().toMillis() : 5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox relay round failed, retrying: {}", e.toString());
                inFlight = null; // start again from the oldest event left in the outbox
                sleepQuietly(1000);
            }
        }
        try {
            awaitAndDelete();
        } catch (RuntimeException e) {
            log.warn("outbox relay: last round not confirmed, its events stay in the outbox: {}", e.toString());
        }
    }

    /** Events handed to the producer whose acknowledgements have not been awaited yet. */
    private record InFlight(List<Entry> entries, CompletableFuture<?> acks) {
    }

    private InFlight inFlight;

    /**
     * One round: fetch the next events (after those in flight, or from the oldest when none are), hand them to the
     * producer, then wait for the previous round's acknowledgements and delete its rows. So the database work of one
     * round overlaps Kafka's work on the previous one; sends stay in sequence order on this one thread. Returns how
     * many events it fetched.
     */
    int round() {
        long after = inFlight == null ? Long.MIN_VALUE : inFlight.entries().get(inFlight.entries().size() - 1).seq();
        List<Entry> entries = db.sql("""
                select seq, event_id, topic, msg_key, payload, event_time, created_at from outbox
                where seq > $1 order by seq limit $2""")
                .bind(0, after).bind(1, config.batchSize())
                .map((row, meta) -> new Entry(row.get("seq", Long.class), row.get("event_id", UUID.class),
                        row.get("topic", String.class), row.get("msg_key", String.class),
                        row.get("payload", String.class), row.get("event_time", OffsetDateTime.class),
                        row.get("created_at", OffsetDateTime.class)))
                .all().collectList().block(DB_TIMEOUT);
        InFlight sent = null;
        if (entries != null && !entries.isEmpty()) {
            if (inFlight == null) {
                oldestMillis.set(Math.max(0, System.currentTimeMillis()
                        - entries.get(0).createdAt().toInstant().toEpochMilli()));
            }
            refreshBacklog(entries.size());
            List<CompletableFuture<?>> acks = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                acks.add(kafka.send(record(e)));
            }
            sent = new InFlight(entries, CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        } else if (inFlight == null) {
            backlog.set(0);
            oldestMillis.set(0);
        }
        awaitAndDelete();
        inFlight = sent;
        return entries == null ? 0 : entries.size();
    }

    /** Waits for the in-flight round's acknowledgements (acks=all), then deletes exactly those rows. */
    private void awaitAndDelete() {
        InFlight done = inFlight;
        if (done == null) {
            return;
        }
        inFlight = null;
        try {
            done.acks().get(120, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing; the events stay in the outbox", ex);
        } catch (Exception ex) {
            throw new IllegalStateException("publishing failed; the events stay in the outbox", ex);
        }
        List<Entry> entries = done.entries();
        long now = System.currentTimeMillis();
        Long[] seqs = new Long[entries.size()];
        for (int i = 0; i < seqs.length; i++) {
            Entry e = entries.get(i);
            seqs[i] = e.seq();
            lag.record(Math.max(0, now - e.createdAt().toInstant().toEpochMilli()), TimeUnit.MILLISECONDS);
        }
        db.sql("delete from outbox where seq = any($1)").bind(0, seqs).fetch().rowsUpdated().block(DB_TIMEOUT);
        backlog.updateAndGet(b -> Math.max(0, b - entries.size()));
    }

    /** count(*) at most every five seconds: cheap enough on a large backlog, exact when it is small. */
    private void refreshBacklog(int fetched) {
        long now = System.currentTimeMillis();
        if (fetched < config.batchSize()) {
            backlog.set(fetched + (inFlight == null ? 0 : inFlight.entries().size()));
        } else if (now - lastCount > 5000) {
            Long n = db.sql("select count(*) from outbox").map((row, meta) -> row.get(0, Long.class)).one().block(DB_TIMEOUT);
            backlog.set(n == null ? 0 : n);
            lastCount = now;
        }
    }

    private static ProducerRecord<String, byte[]> record(Entry e) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(e.topic(), null, e.key(),
                e.payload().getBytes(StandardCharsets.UTF_8));
        header(r, CloudEventHeaders.ID, e.eventId().toString());
        header(r, CloudEventHeaders.SOURCE, SettlementCompleted.CE_SOURCE);
        header(r, CloudEventHeaders.TYPE, SettlementCompleted.CE_TYPE);
        header(r, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(r, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(e.eventTime().toInstant()));
        header(r, CloudEventHeaders.SUBJECT, e.key());
        header(r, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return r;
    }

    private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
