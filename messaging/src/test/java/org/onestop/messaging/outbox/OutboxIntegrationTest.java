package org.onestop.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.PersonRef;
import org.onestop.events.Topic;
import org.onestop.messaging.MessagingTestInfrastructure;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The outbox against the real PostgreSQL and broker: the append commits and rolls back with the caller's transaction,
 * two relays on one table publish every row once and each key in order, and a killed relay's partitions are taken over
 * once its leases expire.
 */
class OutboxIntegrationTest {

    static final String SOURCE = "/onestop/messaging-test";
    static final Duration LEASE = Duration.ofSeconds(2);

    static Topic<PersonRef, byte[]> topic(String name) {
        return new Topic<>(name, PersonRef.class, byte[].class, "org.onestop.test.happened.v1");
    }

    static PersonRef person(int i) {
        return PersonRef.of(String.format("%064x", 0xabc000 + i));
    }

    /** The {@code n}-th event of person {@code p}: its value says both, so order per key can be read back. */
    static OutboxEvent event(Topic<PersonRef, byte[]> topic, int p, int n) {
        byte[] value = ("{\"person\":" + p + ",\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
        return OutboxEvent.of(topic, person(p), UUID.randomUUID(), value, Instant.parse("2026-03-01T08:00:00Z"));
    }

    static OutboxRelay relay(DatabaseClient db, SimpleMeterRegistry registry) {
        return new OutboxRelay(db, MessagingTestInfrastructure.relayTemplate(),
                new OutboxRelaySettings("messaging-test", true, 50, Duration.ofMillis(20), LEASE), registry);
    }

    static long count(DatabaseClient db, String sql) {
        return db.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    @Test
    void appendedRowsCommitWithTheCallersTransactionAndVanishWithItsRollback() {
        DatabaseClient db = MessagingTestInfrastructure.migratedDatabase("messaging_append");
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        Outbox outbox = new Outbox(db, SOURCE);
        Topic<PersonRef, byte[]> t = topic("messaging.it.append.v1");

        Mono<Void> failedChange = outbox.append(event(t, 1, 0))
                .then(Mono.error(new IllegalStateException("the state change failed")));
        assertThatThrownBy(() -> tx.transactional(failedChange).block()).hasMessageContaining("state change failed");
        assertThat(count(db, "select count(*) from messaging_outbox")).isZero();

        OutboxEvent first = event(t, 1, 0);
        OutboxEvent second = event(t, 2, 0);
        tx.transactional(outbox.append(List.of(first, second))).block();

        List<Map<String, Object>> rows = db.sql("""
                select id, aggregatetype, aggregateid, type, payload, headers->>'ce_id' as ce_id,
                       headers->>'ce_source' as ce_source, headers->>'ce_type' as ce_type,
                       headers->>'ce_time' as ce_time, headers->>'ce_subject' as ce_subject,
                       headers->>'content-type' as content_type
                from messaging_outbox order by seq""").fetch().all().collectList().block();
        assertThat(rows).hasSize(2);
        Map<String, Object> row = rows.get(0);
        // the Debezium outbox router's columns: id, aggregatetype (topic), aggregateid (key), type, payload
        assertThat(row.get("id")).isEqualTo(first.id());
        assertThat(row.get("aggregatetype")).isEqualTo("messaging.it.append.v1");
        assertThat(row.get("aggregateid")).isEqualTo(person(1).value());
        assertThat(row.get("type")).isEqualTo("org.onestop.test.happened.v1");
        assertThat(new String(bytes(row.get("payload")), StandardCharsets.UTF_8)).isEqualTo("{\"person\":1,\"n\":0}");
        assertThat(row.get("ce_id")).isEqualTo(first.id().toString());
        assertThat(row.get("ce_source")).isEqualTo(SOURCE);
        assertThat(row.get("ce_type")).isEqualTo("org.onestop.test.happened.v1");
        assertThat(row.get("ce_time")).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(row.get("ce_subject")).isEqualTo(person(1).value());
        assertThat(row.get("content_type")).isEqualTo("application/json");
        assertThat(rows.get(1).get("id")).isEqualTo(second.id());
    }

    @Test
    void rowsWrittenByCopyAreTheRowsAnInsertWrites() {
        DatabaseClient db = MessagingTestInfrastructure.migratedDatabase("messaging_copy");
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        Outbox outbox = new Outbox(db, SOURCE);
        Topic<PersonRef, byte[]> t = topic("messaging.it.copy.v1");
        OutboxEvent inserted = event(t, 7, 0);
        // a value with every character COPY's text format escapes, and one outside ASCII
        byte[] awkward = "{\"note\":\"tab\\t nl\\n back\\\\slash 张\"}\t\n\\".getBytes(StandardCharsets.UTF_8);
        OutboxEvent copied = new OutboxEvent(t, inserted.key(), UUID.randomUUID(), awkward, inserted.time());

        tx.transactional(outbox.append(inserted).then(outbox.appendByCopy(List.of(copied)))).block();

        List<Map<String, Object>> rows = db.sql("""
                select id, aggregatetype, aggregateid, type, payload, headers - 'ce_id' as headers
                from messaging_outbox order by seq""").fetch().all().collectList().block();
        assertThat(rows).extracting(r -> r.get("id")).containsExactly(inserted.id(), copied.id());
        assertThat(bytes(rows.get(1).get("payload"))).isEqualTo(awkward);
        for (String column : List.of("aggregatetype", "aggregateid", "type", "headers")) {
            assertThat(String.valueOf(rows.get(1).get(column))).as(column)
                    .isEqualTo(String.valueOf(rows.get(0).get(column)));
        }
    }

    @Test
    void twoRelaysOnOneTablePublishEveryRowOnceAndEachKeyInOrder() throws Exception {
        DatabaseClient db = MessagingTestInfrastructure.migratedDatabase("messaging_two_relays");
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        Outbox outbox = new Outbox(db, SOURCE);
        Topic<PersonRef, byte[]> t = topic("messaging.it.two-relays.v1");
        MessagingTestInfrastructure.createTopic(t.name());
        int persons = 60;
        int perPerson = 50;
        SimpleMeterRegistry registryA = new SimpleMeterRegistry();
        SimpleMeterRegistry registryB = new SimpleMeterRegistry();
        OutboxRelay a = relay(db, registryA);
        OutboxRelay b = relay(db, registryB);
        List<UUID> written = new ArrayList<>();
        try {
            a.start();
            await().atMost(10, TimeUnit.SECONDS).until(() -> leases(db, a) == 32);
            // half the events with one relay, the second joins under load, then the rest
            for (int n = 0; n < perPerson; n++) {
                if (n == perPerson / 2) {
                    b.start();
                    // 32 partitions, 2 live relays: each holds ceil(32 / 2) = 16
                    await().atMost(15, TimeUnit.SECONDS).until(() -> leases(db, a) == 16 && leases(db, b) == 16);
                }
                int round = n;
                List<OutboxEvent> batch = IntStream.range(0, persons).mapToObj(p -> event(t, p, round)).toList();
                batch.forEach(e -> written.add(e.id()));
                tx.transactional(outbox.append(batch)).block();
            }
            await().atMost(60, TimeUnit.SECONDS)
                    .until(() -> count(db, "select count(*) from messaging_outbox") == 0);
        } finally {
            a.stop();
            b.stop();
        }

        List<ConsumerRecord<String, byte[]>> read = readAll(t.name(), written.size());
        // exactly once: as many records as rows written, each ce_id once, and the ids are those written
        assertThat(read.size()).as("records on the topic").isEqualTo(persons * perPerson);
        assertThat(read.stream().map(r -> header(r, CloudEventHeaders.ID)).toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(written.stream().map(UUID::toString).toList());
        // in order per key: person p's n runs 0, 1, …, 49
        Map<String, List<Integer>> perKey = new LinkedHashMap<>();
        read.forEach(r -> perKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(n(r)));
        assertThat(perKey).hasSize(persons);
        perKey.forEach((key, ns) -> assertThat(ns).as(key).isEqualTo(IntStream.range(0, perPerson).boxed().toList()));
        // both replicas did publish: the second is not idle
        assertThat(published(registryA)).isPositive();
        assertThat(published(registryB)).isPositive();
        assertThat(published(registryA) + published(registryB)).isEqualTo(persons * perPerson);
    }

    @Test
    void aRelayKilledMidPassIsTakenOverWithinSecondsOfItsLeasesExpiring() throws Exception {
        DatabaseClient db = MessagingTestInfrastructure.migratedDatabase("messaging_takeover");
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        Outbox outbox = new Outbox(db, SOURCE);
        Topic<PersonRef, byte[]> t = topic("messaging.it.takeover.v1");
        MessagingTestInfrastructure.createTopic(t.name());
        int persons = 20;
        int perPerson = 10;
        List<OutboxEvent> events = new ArrayList<>();
        for (int n = 0; n < perPerson; n++) {
            for (int p = 0; p < persons; p++) {
                events.add(event(t, p, n));
            }
        }
        tx.transactional(outbox.append(events)).block();
        // What kill -9 leaves behind: the oldest rows sent and acknowledged but not yet deleted, and every lease held
        // by the dead relay with its last renewal's expiry (set last, so a slow broker send on a loaded machine does
        // not eat into the 3 s before they expire).
        KafkaTemplate<String, byte[]> deadRelaysProducer = MessagingTestInfrastructure.relayTemplate();
        List<OutboxEvent> sentBeforeTheKill = events.subList(0, 30);
        for (OutboxEvent e : sentBeforeTheKill) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(t.name(), e.key(), e.value());
            r.headers().add(new RecordHeader(CloudEventHeaders.ID, e.id().toString().getBytes(StandardCharsets.UTF_8)));
            deadRelaysProducer.send(r).get(10, TimeUnit.SECONDS);
        }
        db.sql("update messaging_outbox_lease set owner = 'killed-relay', expires_at = now() + interval '3 seconds'")
                .fetch().rowsUpdated().block();
        db.sql("insert into messaging_outbox_relay values ('killed-relay', now() + interval '3 seconds')")
                .fetch().rowsUpdated().block();
        long killedAt = System.nanoTime();

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutboxRelay survivor = relay(db, registry);
        long emptyAt;
        try {
            survivor.start();
            Thread.sleep(1000);
            // the leases are still the dead relay's: nothing may be published under them yet
            assertThat(count(db, "select count(*) from messaging_outbox")).isEqualTo(persons * perPerson);
            await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                    .until(() -> count(db, "select count(*) from messaging_outbox") == 0);
            emptyAt = System.nanoTime();
        } finally {
            survivor.stop();
        }
        // lease expiry (3 s) + the survivor's next pass + publishing 200 rows: well inside 8 s of the kill
        assertThat(Duration.ofNanos(emptyAt - killedAt)).isLessThan(Duration.ofSeconds(8));

        List<ConsumerRecord<String, byte[]>> read = readAll(t.name(), sentBeforeTheKill.size() + events.size());
        // at least once: the 30 acknowledged-but-not-deleted rows are published again, every other row once
        assertThat(read.size()).as("records on the topic").isEqualTo(sentBeforeTheKill.size() + events.size());
        assertThat(read.stream().map(r -> header(r, CloudEventHeaders.ID)).distinct().count()).isEqualTo(events.size());
        // a consumer deduping by ce_id sees each person's events in order
        Map<String, List<Integer>> perKey = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : read) {
            if (seen.add(header(r, CloudEventHeaders.ID))) {
                perKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(n(r));
            }
        }
        perKey.forEach((key, ns) -> assertThat(ns).as(key).isEqualTo(IntStream.range(0, perPerson).boxed().toList()));
        assertThat(perKey).hasSize(persons);
    }

    /**
     * Writers commit concurrently, so a key's row may become visible after rows with a higher {@code seq} are already
     * in flight. Person 0's first event (lowest seq, its transaction held open) commits after the relay has sent
     * person 1's; person 0's second event is written only then (a service serialises one key's writes). The relay
     * must send 0's first event before its second: a cursor "after the last seq sent" would skip it and send the
     * second first.
     */
    @Test
    void aRowCommittedAfterHigherRowsWereSentIsStillPublishedBeforeItsKeysNextRow() throws Exception {
        DatabaseClient db = MessagingTestInfrastructure.migratedDatabase("messaging_late_commit");
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(db.getConnectionFactory()));
        Outbox outbox = new Outbox(db, SOURCE);
        Topic<PersonRef, byte[]> t = topic("messaging.it.late-commit.v1");
        MessagingTestInfrastructure.createTopic(t.name());
        Sinks.One<Void> commitLate = Sinks.one();
        CompletableFuture<Void> late = tx.transactional(outbox.append(event(t, 0, 0)).then(commitLate.asMono()))
                .toFuture();
        await().atMost(10, TimeUnit.SECONDS).until(() -> count(db,
                "select count(*) from pg_stat_activity where state = 'idle in transaction' and datname = current_database()") > 0);
        tx.transactional(outbox.append(List.of(event(t, 1, 0), event(t, 1, 1)))).block();
        OutboxRelay relay = relay(db, new SimpleMeterRegistry());
        try {
            relay.balanceLeases();
            assertThat(relay.round()).as("person 1's two rows; person 0's is not visible yet").isEqualTo(2);
            commitLate.tryEmitEmpty();
            late.get(10, TimeUnit.SECONDS);
            tx.transactional(outbox.append(event(t, 0, 1))).block();
            // the late row and person 0's next one, in seq order, while person 1's are still in flight
            assertThat(relay.round()).isEqualTo(2);
            assertThat(relay.round()).isZero();
            assertThat(relay.round()).isZero();
        } finally {
            relay.stop();
        }
        assertThat(count(db, "select count(*) from messaging_outbox")).isZero();

        Map<String, List<Integer>> perKey = new LinkedHashMap<>();
        readAll(t.name(), 4).forEach(r -> perKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(n(r)));
        assertThat(perKey).containsEntry(person(0).toString(), List.of(0, 1))
                .containsEntry(person(1).toString(), List.of(0, 1));
    }

    static long leases(DatabaseClient db, OutboxRelay relay) {
        return db.sql("select count(*) from messaging_outbox_lease where owner = $1").bind(0, relay.owner())
                .map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    static double published(SimpleMeterRegistry registry) {
        return registry.get("onestop.outbox.published").tag("service", "messaging-test").counter().count();
    }

    /** Every record of {@code topic} from the beginning: until {@code expected} arrived, then two quiet seconds more. */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = MessagingTestInfrastructure.consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.currentTimeMillis() + 2000;
                }
            }
        }
        return out;
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The {@code n} of the value {"person":p,"n":n}. */
    static int n(ConsumerRecord<String, byte[]> r) {
        String v = new String(r.value(), StandardCharsets.UTF_8);
        return Integer.parseInt(v.substring(v.indexOf("\"n\":") + 4, v.indexOf('}')));
    }

    static byte[] bytes(Object column) {
        if (column instanceof byte[] b) {
            return b;
        }
        if (column instanceof java.nio.ByteBuffer buffer) {
            byte[] b = new byte[buffer.remaining()];
            buffer.duplicate().get(b);
            return b;
        }
        throw new IllegalArgumentException("not bytes: " + column);
    }
}
