package org.onestop.enrollment.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Identity events per second turned into subsidy decisions and published: produces N {@code IdentityChanged} events
 * (N persons with valid personRefs, the five policy regions in turn, each a NEW identity determined 2026-10-10 in
 * the collection period for 2027 and recorded 2026-10-12, so each person is granted 2026 and 2027) straight onto
 * {@code identity.changed.v1} as identity-service's relay would (key = personRef, CloudEvents headers, acks=all,
 * idempotent, lz4), while a plain consumer reads {@code enrollment.subsidy.v1} from its end. The clock runs from the
 * first send to the record that completes the last person's 2027 GRANTED event.
 *
 * <p>{@code java -cp "$(cat /tmp/enr-emb-cp.txt)" SubsidyThroughputBenchmark.java <events> <bootstrap> <seed>}
 * (only kafka-clients is needed on the class path; the JSON is written by hand in the record's shape). The broker
 * requires SCRAM credentials: {@code -Dbench.kafka.password=<secret>} as BenchInfrastructure printed it (every bench
 * principal has that one password).
 */
public final class SubsidyThroughputBenchmark {

    /** region, department, identity type: the five policy regions (as in the service's integration tests). */
    static final String[][] CASES = {
            {"360402", "CIVIL_AFFAIRS", "DIBAO"},                    // Jiujiang
            {"652801", "CIVIL_AFFAIRS", "DIBAO"},                    // Bayingolin
            {"140105", "RURAL_REVITALIZATION", "REGISTERED_POOR"},   // Shanxi
            {"370602", "CIVIL_AFFAIRS", "DIBAO_MARGINAL"},           // Yantai
            {"210102", "CIVIL_AFFAIRS", "DIBAO_MARGINAL"}};          // Liaoning

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        String bootstrap = args[1];
        long seed = Long.parseLong(args[2]);
        Random random = new Random(seed);

        // the events, built before the clock starts
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(n);
        Set<String> persons = ConcurrentHashMap.newKeySet(n);
        UUID batch = new UUID(random.nextLong(), random.nextLong());
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            String ref = java.util.HexFormat.of().formatHex(b);
            persons.add(ref);
            String[] c = CASES[i % CASES.length];
            UUID eventId = new UUID(random.nextLong(), random.nextLong());
            String json = "{\"eventId\":\"" + eventId + "\",\"personRef\":\"" + ref + "\",\"regionCode\":\"" + c[0]
                    + "\",\"department\":\"" + c[1] + "\",\"identityType\":\"" + c[2] + "\",\"change\":\"NEW\",\"periodId\":\""
                    + new UUID(random.nextLong(), random.nextLong()) + "\",\"validFrom\":\"2026-10-10\",\"validTo\":null,"
                    + "\"supersedesPeriodId\":null,\"departmentReference\":\"bench-" + seed + "-" + i + "\",\"batchId\":\""
                    + batch + "\",\"recordedAt\":\"2026-10-12T02:00:00Z\",\"maskedIdNumber\":\"" + c[0]
                    + "***********X\",\"householdRef\":null}";
            ProducerRecord<String, byte[]> r = new ProducerRecord<>("identity.changed.v1", ref, json.getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_id", eventId.toString().getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_source", "/onestop/identity-service".getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_type", "org.onestop.identity.changed.v1".getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            r.headers().add("ce_subject", ref.getBytes(StandardCharsets.UTF_8));
            r.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            records.add(r);
        }

        // the reader, positioned at the end of enrollment.subsidy.v1 before anything is sent
        Properties cp = new Properties();
        cp.put("bootstrap.servers", bootstrap);
        authenticate(cp, "operator"); // reads like an operator
        cp.put("key.deserializer", StringDeserializer.class.getName());
        cp.put("value.deserializer", ByteArrayDeserializer.class.getName());
        cp.put("enable.auto.commit", "false");
        cp.put("max.poll.records", "10000");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(cp);
        List<TopicPartition> partitions = consumer.partitionsFor("enrollment.subsidy.v1").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);

        Set<String> granted2027 = new HashSet<>();
        AtomicLong subsidyRecords = new AtomicLong();
        long[] firstSubsidy = {0};
        long[] lastNeeded = {0};
        Thread reader = new Thread(() -> {
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < quietUntil) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (!persons.contains(r.key())) {
                        continue;
                    }
                    long now = System.nanoTime();
                    if (firstSubsidy[0] == 0) {
                        firstSubsidy[0] = now;
                    }
                    subsidyRecords.incrementAndGet();
                    String v = new String(r.value(), StandardCharsets.UTF_8);
                    if (v.contains("\"insuranceYear\":2027") && v.contains("\"change\":\"GRANTED\"") && granted2027.add(r.key())
                            && granted2027.size() == n) {
                        lastNeeded[0] = now;
                        quietUntil = now + 3_000_000_000L; // keep counting what else arrives for 3 s
                    }
                }
            }
            consumer.close();
        }, "subsidy-reader");

        Properties pp = new Properties();
        pp.put("bootstrap.servers", bootstrap);
        authenticate(pp, "identity-service"); // writes identity.changed.v1 as its one writer does
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", ByteArraySerializer.class.getName());
        pp.put("acks", "all");
        pp.put("enable.idempotence", "true");
        pp.put("compression.type", "lz4");
        pp.put("linger.ms", "10");
        pp.put("batch.size", "262144");
        System.out.printf("%d events for %d persons built; producing%n", n, persons.size());
        reader.start();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pp)) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
        long produced = System.nanoTime();
        System.out.printf("produced (all acknowledged) in %.2f s%n", (produced - start) / 1e9);
        reader.join(30 * 60_000L);
        if (lastNeeded[0] == 0) {
            System.out.printf("NOT COMPLETE: %d of %d persons granted 2027 after 30 min%n", granted2027.size(), n);
            System.exit(1);
        }
        double seconds = (lastNeeded[0] - start) / 1e9;
        System.out.printf("first subsidy event after %.2f s; all %d persons' 2027 grants read after %.2f s%n",
                (firstSubsidy[0] - start) / 1e9, n, seconds);
        System.out.printf("subsidy events read: %d (%.0f per identity event)%n", subsidyRecords.get(), subsidyRecords.get() / (double) n);
        System.out.printf("RESULT %d identity events -> decided and published in %.2f s = %.0f identity events/s (%.0f subsidy events/s)%n",
                n, seconds, n / seconds, subsidyRecords.get() / seconds);
    }

    /** SASL/SCRAM-SHA-512 as {@code principal} with the bench cluster's password (docs/security.md). */
    static void authenticate(Properties p, String principal) {
        String password = System.getProperty("bench.kafka.password");
        if (password == null) {
            throw new IllegalStateException("-Dbench.kafka.password=<secret printed by BenchInfrastructure> is required");
        }
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";");
    }
}
