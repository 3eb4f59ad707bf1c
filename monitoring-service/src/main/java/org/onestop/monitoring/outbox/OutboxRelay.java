package org.onestop.monitoring.outbox;

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
import org.onestop.events.MonitoringAlert;
import org.onestop.monitoring.MonitoringProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Drains the outbox to Kafka, oldest first: fetch up to N events in sequence order, send them all (the idempotent
 * producer keeps their order per partition, hence per person), wait for every acknowledgement (acks=all), then
 * delete exactly those rows. A crash between send and delete re-sends them: consumers dedupe by {@code ce_id}.
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
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final MonitoringProperties.Outbox config;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private final Timer lag;
    private volatile boolean running;
    private Thread thread;
    private long lastCount;

    OutboxRelay(DatabaseClient db, KafkaTemplate<byte[], byte[]> kafka, MonitoringProperties properties,
            MeterRegistry registry) {
        this.db = db;
        this.kafka = kafka;
        this.config = properties.outbox();
        Gauge.builder("onestop.monitoring.outbox.backlog", backlog, AtomicLong::get)
                .description("Events written but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("onestop.monitoring.outbox.oldest.age", oldestMillis, v -> v.get() / 1000.0)
                .baseUnit("seconds").description("Age of the oldest unpublished event").register(registry);
        this.lag = Timer.builder("onestop.monitoring.outbox.publish.lag")
                .description("From the commit of a change to Kafka's acknowledgement of its event")
                .register(registry);
    }

    @Override
    public void start() {
        if (!config.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "alert-outbox-relay");
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
                int sent = round();
                if (sent < config.batchSize()) {
                    Thread.sleep(sent == 0 ? config.pollInterval().toMillis() : 5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox relay round failed, retrying: {}", e.toString());
                sleepQuietly(1000);
            }
        }
    }

    /** One fetch-send-ack-delete round; returns how many events it published. */
    int round() {
        List<Entry> entries = db.sql("""
                select seq, event_id, topic, msg_key, payload, event_time, created_at from outbox
                order by seq limit $1""")
                .bind(0, config.batchSize())
                .map((row, meta) -> new Entry(row.get("seq", Long.class), row.get("event_id", UUID.class),
                        row.get("topic", String.class), row.get("msg_key", String.class),
                        row.get("payload", String.class), row.get("event_time", OffsetDateTime.class),
                        row.get("created_at", OffsetDateTime.class)))
                .all().collectList().block(DB_TIMEOUT);
        if (entries == null || entries.isEmpty()) {
            backlog.set(0);
            oldestMillis.set(0);
            return 0;
        }
        oldestMillis.set(Math.max(0, System.currentTimeMillis() - entries.get(0).createdAt().toInstant().toEpochMilli()));
        refreshBacklog(entries.size());
        List<CompletableFuture<?>> acks = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            acks.add(kafka.send(record(e)));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("publishing failed; the events stay in the outbox", ex);
        }
        long now = System.currentTimeMillis();
        Long[] seqs = new Long[entries.size()];
        for (int i = 0; i < seqs.length; i++) {
            Entry e = entries.get(i);
            seqs[i] = e.seq();
            lag.record(Math.max(0, now - e.createdAt().toInstant().toEpochMilli()), TimeUnit.MILLISECONDS);
        }
        db.sql("delete from outbox where seq = any($1)").bind(0, seqs).fetch().rowsUpdated().block(DB_TIMEOUT);
        backlog.updateAndGet(b -> Math.max(0, b - entries.size()));
        return entries.size();
    }

    /** count(*) at most once a second: cheap enough on a large backlog, exact when it is small. */
    private void refreshBacklog(int fetched) {
        long now = System.currentTimeMillis();
        if (fetched < config.batchSize()) {
            backlog.set(fetched);
        } else if (now - lastCount > 1000) {
            Long n = db.sql("select count(*) from outbox").map((row, meta) -> row.get(0, Long.class)).one().block(DB_TIMEOUT);
            backlog.set(n == null ? 0 : n);
            lastCount = now;
        }
    }

    private static ProducerRecord<byte[], byte[]> record(Entry e) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(e.topic(), null, e.key().getBytes(StandardCharsets.UTF_8),
                e.payload().getBytes(StandardCharsets.UTF_8));
        header(r, CloudEventHeaders.ID, e.eventId().toString());
        header(r, CloudEventHeaders.SOURCE, MonitoringAlert.CE_SOURCE);
        header(r, CloudEventHeaders.TYPE, MonitoringAlert.CE_TYPE);
        header(r, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(r, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(e.eventTime().toInstant()));
        header(r, CloudEventHeaders.SUBJECT, e.key());
        header(r, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return r;
    }

    private static void header(ProducerRecord<byte[], byte[]> r, String name, String value) {
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
