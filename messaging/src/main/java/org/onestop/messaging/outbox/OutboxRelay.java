package org.onestop.messaging.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@code messaging_outbox} to Kafka, safe with any number of replicas and in order per key.
 *
 * <p><b>Leases.</b> Each row carries {@code lease_partition = hash(key) mod 32}; a relay publishes a partition's rows
 * only while it holds that partition's row in {@code messaging_outbox_lease} (owner, expiry). Every quarter of
 * {@code leaseTtl} a relay heartbeats in {@code messaging_outbox_relay}, renews its leases, gives back any above its
 * fair share (ceil(32 / live relays)) after its sends are acknowledged, and claims free or expired ones up to that share
 * ({@code FOR UPDATE SKIP LOCKED}, so two relays never claim the same one). One key is thus published by one relay at a
 * time, oldest first; a relay that dies leaves its leases to expire after {@code leaseTtl}, and the next relay to claim
 * them starts from the oldest row still there.
 *
 * <p><b>Pipelined rounds.</b> Fetch up to {@code batchSize} rows of the held partitions in {@code seq} order (the
 * oldest not yet in flight: a row that commits late is still sent before its key's later rows), hand them all to the
 * producer (idempotent, acks=all: order kept per Kafka partition, hence per key), then wait for the previous round's
 * acknowledgements and delete exactly those rows: the database work of one round overlaps the broker's work on the
 * previous one. Whenever the held set changes, or a round fails, the in-flight round is settled first and
 * the next fetch starts again from the oldest row.
 *
 * <p><b>At least once.</b> A crash between acknowledgement and delete, or a relay stalled longer than its lease,
 * re-sends rows (in order): consumers dedupe by {@code ce_id}. In normal operation, and on a graceful stop (the relay
 * settles its round and gives its leases back), each row is published once.
 *
 * <p>Runs on one platform thread and blocks on R2DBC deliberately, here only: a relay is sequential by nature.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };
    /**
     * The payload travels as base64 text and the creation time as epoch milliseconds: the driver reads a bytea in text
     * form by a regular expression and hex, and a timestamptz through a full date-time parse, which together were
     * 14 % of settlement-service's CPU on the bulk path (issue 17's profile). PostgreSQL wraps base64 at 76 columns.
     */
    private static final Base64.Decoder MIME = Base64.getMimeDecoder();

    private record Row(long seq, String topic, String key, byte[] payload, String headers, long createdAtMillis) {
    }

    /** Rows handed to the producer whose acknowledgements have not been awaited yet. */
    private record InFlight(List<Row> rows, CompletableFuture<?> acks) {
    }

    private final DatabaseClient db;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxRelaySettings settings;
    private final String owner;
    private final Duration dbTimeout;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private final AtomicLong leasesHeld = new AtomicLong();
    private final Timer lag;
    private final Counter published;
    private final TreeSet<Integer> held = new TreeSet<>();
    private InFlight inFlight;
    private int partitions;
    private long lastCount;
    /** Leases are renewed (and balanced) four times per lease: often enough to keep them, rarely enough to be cheap. */
    private final Duration balanceEvery;
    private long lastBalance = System.nanoTime() - Duration.ofDays(1).toNanos();
    private volatile boolean running;
    private Thread thread;

    /**
     * @param db       the service's client on the database holding {@code messaging_outbox}
     * @param kafka    a template with an idempotent producer and {@code acks=all} (the Kafka client's defaults)
     * @param settings the relay's settings
     * @param registry where the metrics go, tagged {@code service=<settings.service>}
     */
    public OutboxRelay(DatabaseClient db, KafkaTemplate<String, byte[]> kafka, OutboxRelaySettings settings,
            MeterRegistry registry) {
        this.db = db;
        this.kafka = kafka;
        this.settings = settings;
        this.owner = settings.service() + "-" + UUID.randomUUID();
        // a database call never outlives the lease it is made under
        this.dbTimeout = settings.leaseTtl();
        this.balanceEvery = settings.leaseTtl().dividedBy(4);
        Tags tags = Tags.of("service", settings.service());
        Gauge.builder("onestop.outbox.backlog", backlog, AtomicLong::get).tags(tags)
                .description("Events written but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("onestop.outbox.oldest.age", oldestMillis, v -> v.get() / 1000.0).tags(tags)
                .baseUnit("seconds").description("Age of the oldest unpublished event").register(registry);
        Gauge.builder("onestop.outbox.leases", leasesHeld, AtomicLong::get).tags(tags)
                .description("Outbox partitions this replica's relay holds").register(registry);
        this.lag = Timer.builder("onestop.outbox.publish.lag").tags(tags)
                .description("From the commit of a change to Kafka's acknowledgement of its event").register(registry);
        this.published = Counter.builder("onestop.outbox.published").tags(tags)
                .description("Events acknowledged by Kafka and removed from the outbox by this replica")
                .register(registry);
    }

    /** This relay's name in the lease tables. */
    public String owner() {
        return owner;
    }

    @Override
    public void start() {
        if (!settings.enabled() || running) {
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
        Thread t = thread;
        if (t != null) {
            try {
                t.join(dbTimeout.toMillis() * 2);
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
                long now = System.nanoTime();
                if (now - lastBalance >= balanceEvery.toNanos()) {
                    balanceLeases();
                    lastBalance = now;
                }
                int fetched = round();
                if (fetched < settings.batchSize() && inFlight == null) {
                    Thread.sleep(fetched == 0 ? settings.pollInterval().toMillis() : 5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.warn("outbox relay round failed, retrying from the oldest event: {}", e.toString());
                inFlight = null;
                // renew at once: the failure may have outlasted a renewal interval
                lastBalance = System.nanoTime() - balanceEvery.toNanos();
                sleepQuietly(1000);
            }
        }
        try {
            settle();
            release(new ArrayList<>(held));
            db.sql("delete from messaging_outbox_relay where owner = $1").bind(0, owner).fetch().rowsUpdated()
                    .block(dbTimeout);
        } catch (RuntimeException e) {
            log.warn("outbox relay stopped without giving its leases back; they expire in {}: {}",
                    settings.leaseTtl(), e.toString());
        }
    }

    /**
     * Heartbeat, renew, give back what is above the fair share (after settling what is in flight, so the next holder
     * never re-sends it), claim up to the share. A changed set restarts the fetch from the oldest row.
     */
    void balanceLeases() {
        if (partitions == 0) {
            partitions = count("select count(*) from messaging_outbox_lease");
        }
        long ttl = settings.leaseTtl().toMillis();
        db.sql("""
                insert into messaging_outbox_relay (owner, expires_at)
                values ($1, now() + $2 * interval '1 millisecond')
                on conflict (owner) do update set expires_at = excluded.expires_at""")
                .bind(0, owner).bind(1, ttl).fetch().rowsUpdated().block(dbTimeout);
        List<Integer> renewed = db.sql("""
                update messaging_outbox_lease set expires_at = now() + $2 * interval '1 millisecond'
                where owner = $1 returning lease_partition""")
                .bind(0, owner).bind(1, ttl).map((row, meta) -> row.get(0, Integer.class)).all().collectList()
                .block(dbTimeout);
        TreeSet<Integer> now = new TreeSet<>(renewed == null ? List.of() : renewed);
        if (!now.equals(held)) {
            // another relay took a lease of ours after it expired (we stalled): what we sent may be sent again
            log.warn("outbox relay {} lost leases {} while stalled", owner, difference(held, now));
            inFlight = null;
            held.clear();
            held.addAll(now);
        }
        int live = Math.max(1, count("select count(*) from messaging_outbox_relay where expires_at > now()"));
        int share = (partitions + live - 1) / live;
        if (held.size() > share) {
            settle();
            List<Integer> surplus = new ArrayList<>(held.descendingSet()).subList(0, held.size() - share);
            release(surplus);
            surplus.forEach(held::remove);
        } else if (held.size() < share) {
            List<Integer> claimed = db.sql("""
                    update messaging_outbox_lease set owner = $1, expires_at = now() + $2 * interval '1 millisecond'
                    where lease_partition in (
                        select lease_partition from messaging_outbox_lease
                        where owner is null or expires_at < now()
                        order by lease_partition limit $3 for update skip locked)
                    returning lease_partition""")
                    .bind(0, owner).bind(1, ttl).bind(2, share - held.size())
                    .map((row, meta) -> row.get(0, Integer.class)).all().collectList().block(dbTimeout);
            if (claimed != null && !claimed.isEmpty()) {
                settle();
                held.addAll(claimed);
            }
        }
        leasesHeld.set(held.size());
    }

    /**
     * One round: fetch the oldest rows of the held partitions not already in flight, hand them to the producer, then
     * settle the previous round. Returns how many rows it fetched.
     *
     * <p>Always from the oldest row, never "after the last one sent": writers commit concurrently, so a row may become
     * visible after rows with a higher {@code seq} were fetched. Its key's next row cannot have been written before it
     * committed (a service serialises one key's writes, e.g. by a lock held to commit), so reading from the oldest
     * sends it before that next row; a cursor would skip it and send the next row first. The rows in flight are read
     * again and skipped: at most one round's worth.
     */
    int round() throws InterruptedException {
        refreshBacklog();
        if (held.isEmpty()) {
            settle();
            return 0;
        }
        Set<Long> sending = new HashSet<>();
        if (inFlight != null) {
            inFlight.rows().forEach(r -> sending.add(r.seq()));
        }
        List<Row> fetched = db.sql("""
                select seq, aggregatetype, aggregateid, encode(payload, 'base64') as payload, headers::text as headers,
                       (extract(epoch from created_at) * 1000)::bigint as created_ms
                from messaging_outbox where lease_partition = any($1) order by seq limit $2""")
                .bind(0, held.toArray(Integer[]::new)).bind(1, settings.batchSize() + sending.size())
                .map((row, meta) -> new Row(row.get("seq", Long.class), row.get("aggregatetype", String.class),
                        row.get("aggregateid", String.class), MIME.decode(row.get("payload", String.class)),
                        row.get("headers", String.class), row.get("created_ms", Long.class)))
                .all().collectList().block(dbTimeout);
        List<Row> rows = fetched == null ? List.of()
                : fetched.stream().filter(r -> !sending.contains(r.seq())).limit(settings.batchSize()).toList();
        InFlight sent = null;
        if (!rows.isEmpty()) {
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (Row r : rows) {
                acks.add(kafka.send(record(r)));
            }
            sent = new InFlight(rows, CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
        }
        settle();
        inFlight = sent;
        return rows.size();
    }

    /** Waits for the in-flight round's acknowledgements (acks=all), then deletes exactly those rows. */
    private void settle() {
        InFlight done = inFlight;
        if (done == null) {
            return;
        }
        inFlight = null;
        try {
            // renewed every quarter lease, the lease outlives this wait; past it another relay may re-send these rows
            done.acks().get(settings.leaseTtl().toMillis() / 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing; the events stay in the outbox", ex);
        } catch (Exception ex) {
            throw new IllegalStateException("publishing failed; the events stay in the outbox", ex);
        }
        long now = System.currentTimeMillis();
        Long[] seqs = new Long[done.rows().size()];
        for (int i = 0; i < seqs.length; i++) {
            Row r = done.rows().get(i);
            seqs[i] = r.seq();
            lag.record(Math.max(0, now - r.createdAtMillis()), TimeUnit.MILLISECONDS);
        }
        db.sql("delete from messaging_outbox where seq = any($1)").bind(0, seqs).fetch().rowsUpdated()
                .block(dbTimeout);
        published.increment(seqs.length);
    }

    private void release(List<Integer> partitionsToRelease) {
        if (partitionsToRelease.isEmpty()) {
            return;
        }
        db.sql("""
                update messaging_outbox_lease set owner = null, expires_at = null
                where owner = $1 and lease_partition = any($2)""")
                .bind(0, owner).bind(1, partitionsToRelease.toArray(Integer[]::new)).fetch().rowsUpdated()
                .block(dbTimeout);
    }

    /** The whole outbox's size and oldest row, at most every five seconds: one cheap query on a large backlog. */
    private void refreshBacklog() {
        long now = System.currentTimeMillis();
        if (now - lastCount < 5000) {
            return;
        }
        lastCount = now;
        db.sql("""
                select count(*) as n,
                       coalesce((extract(epoch from now() - min(created_at)) * 1000)::bigint, 0) as oldest
                from messaging_outbox""")
                .map((row, meta) -> {
                    backlog.set(row.get("n", Long.class));
                    oldestMillis.set(Math.max(0, row.get("oldest", Long.class)));
                    return 0;
                }).one().block(dbTimeout);
    }

    private int count(String sql) {
        Long n = db.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block(dbTimeout);
        return n == null ? 0 : n.intValue();
    }

    private static ProducerRecord<String, byte[]> record(Row r) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), null, r.key(), r.payload());
        JSON.readValue(r.headers(), HEADERS).forEach((name, value) ->
                record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    private static TreeSet<Integer> difference(TreeSet<Integer> a, TreeSet<Integer> b) {
        TreeSet<Integer> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
