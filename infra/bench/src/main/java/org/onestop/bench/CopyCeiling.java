package org.onestop.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.onestop.events.Topics;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The roster's ceiling on the same servers in the same run: every row the roster upload left in identity-service's
 * tables, copied out (untimed) and then {@code COPY}ed into the same tables of a scratch database migrated from the
 * same files ({@link ScratchSchema}), in one transaction, tables in foreign-key order; plus producing as many events
 * as the roster published, with the sizes, keys and headers of the published ones (sampled back from
 * {@code identity.changed.v1}), onto a scratch topic with the relays' producer settings. Prints {@code copy_s=…
 * produce_s=… rows=… events=…}.
 */
final class CopyCeiling {

    private static final int SAMPLES = 10_000;

    private CopyCeiling() {
    }

    static void main(String[] args) throws Exception {
        String source = args[0];
        String target = args[1];
        String user = args[2];
        String password = args[3];
        String bootstrap = args[4];
        String adminBootstrap = args[5];
        Path secrets = Path.of(args[6]);
        Path markFile = Path.of(args[7]);
        int events = Integer.parseInt(args[8]);

        Path dir = Files.createTempDirectory("onestop-copy-ceiling");
        long rows = 0;
        double copy;
        try (Connection from = DriverManager.getConnection(source, user, password);
             Connection to = DriverManager.getConnection(target, user, password)) {
            Map<String, Path> files = new LinkedHashMap<>();
            CopyManager out = from.unwrap(PGConnection.class).getCopyAPI();
            for (String table : tablesInForeignKeyOrder(from)) {
                if (seeded(to, table)) {
                    // rows the migrations themselves write (the outbox relay's lease partitions): the schema's, not the roster's
                    continue;
                }
                Path file = dir.resolve(table + ".bin");
                try (OutputStream o = Files.newOutputStream(file)) {
                    rows += out.copyOut("COPY public.\"" + table + "\" TO STDOUT (FORMAT binary)", o);
                }
                files.put(table, file);
            }
            CopyManager in = to.unwrap(PGConnection.class).getCopyAPI();
            to.setAutoCommit(false);
            long start = System.nanoTime();
            for (Map.Entry<String, Path> e : files.entrySet()) {
                try (InputStream i = Files.newInputStream(e.getValue())) {
                    in.copyIn("COPY public.\"" + e.getKey() + "\" FROM STDIN (FORMAT binary)", i);
                }
            }
            to.commit();
            copy = Timing.since(start);
        } finally {
            try (var list = Files.list(dir)) {
                for (Path p : list.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }

        List<ConsumerRecord<byte[], byte[]>> samples = samples(bootstrap, secrets, markFile);
        if (samples.isEmpty()) {
            throw new IllegalStateException("no identity event after the mark to sample");
        }
        Properties admin = KafkaClients.admin(adminBootstrap, secrets);
        double produce;
        try (ScratchTopic topic = new ScratchTopic(admin, "bench.ceiling.identity." + System.currentTimeMillis());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(admin))) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                ConsumerRecord<byte[], byte[]> s = samples.get(i % samples.size());
                // a distinct key per event, as the roster's persons are distinct, of the sampled key's length
                String key = new String(s.key()) + i;
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic.name, key.substring(key.length() - s.key().length), s.value());
                for (Header h : s.headers()) {
                    r.headers().add(h);
                }
                records.add(r);
            }
            long start = System.nanoTime();
            records.forEach(producer::send);
            producer.flush();
            produce = Timing.since(start);
        }
        System.out.println("copy_s=" + Timing.seconds(copy) + " produce_s=" + Timing.seconds(produce) + " rows=" + rows + " events=" + events);
    }

    /** The public tables holding rows, each after the tables its foreign keys reference. */
    /** Whether the freshly migrated scratch database already holds rows in {@code table}. */
    private static boolean seeded(Connection to, String table) throws SQLException {
        try (Statement statement = to.createStatement();
             ResultSet rows = statement.executeQuery("select exists (select 1 from public.\"" + table + "\")")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    static List<String> tablesInForeignKeyOrder(Connection c) throws Exception {
        Map<String, Set<String>> references = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select tablename from pg_tables where schemaname = 'public'"
                     + " and tablename <> 'flyway_schema_history' order by tablename")) {
            while (r.next()) {
                references.put(r.getString(1), new LinkedHashSet<>());
            }
        }
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select c.conrelid::regclass::text, c.confrelid::regclass::text from pg_constraint c"
                     + " where c.contype = 'f' and c.connamespace = 'public'::regnamespace")) {
            while (r.next()) {
                String table = r.getString(1).replace("\"", "");
                String referenced = r.getString(2).replace("\"", "");
                if (references.containsKey(table) && !table.equals(referenced)) {
                    references.get(table).add(referenced);
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < references.size()) {
            int before = ordered.size();
            for (Map.Entry<String, Set<String>> e : references.entrySet()) {
                if (!ordered.contains(e.getKey()) && ordered.containsAll(e.getValue())) {
                    ordered.add(e.getKey());
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("foreign keys form a cycle among " + references.keySet());
            }
        }
        return ordered;
    }

    private static List<ConsumerRecord<byte[], byte[]>> samples(String bootstrap, Path secrets, Path markFile) throws Exception {
        String topic = Topics.IDENTITY_CHANGED.name();
        Map<TopicPartition, Long> marks = Offsets.read(topic, markFile);
        List<ConsumerRecord<byte[], byte[]>> samples = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(KafkaClients.scram(bootstrap, secrets, "operator")))) {
            consumer.assign(marks.keySet());
            marks.forEach(consumer::seek);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (samples.size() < SAMPLES && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (samples.size() < SAMPLES) {
                        samples.add(r);
                    }
                }
            }
        }
        return samples;
    }
}
