package org.onestop.settlement.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How long consumption stops when a settlement-service replica dies (issue 12): sends bulk discharges to
 * {@code discharge.submitted.v1} at a steady rate (as the gateway, naming hospital H36040200002), reads
 * {@code settlement.completed.v1} (as the operator) and prints, each second, what was sent and settled and the oldest
 * discharge still waiting. Kill a replica with {@code kill -9} during the run: the longest wait is the hand-over gap
 * of the dead replica's partitions (session timeout + rebalance), printed at the end.
 *
 * <pre>{@code
 * java -cp "$(cat /tmp/emb-cp.txt)" settlement-service/src/bench/java/org/onestop/settlement/bench/HandoverProbe.java \
 *     localhost:39092 <secret> 50 90
 * }</pre>
 */
public final class HandoverProbe {

    public static void main(String[] a) throws Exception {
        String bootstrap = a[0];
        String secret = a[1];
        int rate = Integer.parseInt(a[2]);
        int seconds = Integer.parseInt(a[3]);
        Map<String, Long> waiting = new ConcurrentHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client(bootstrap, "gateway", secret,
                Map.of("key.serializer", StringSerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName(),
                        "acks", "all", "linger.ms", "5")));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(client(bootstrap, "operator", secret,
                     Map.of("key.deserializer", StringDeserializer.class.getName(),
                             "value.deserializer", ByteArrayDeserializer.class.getName(), "enable.auto.commit", "false")))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor("settlement.completed.v1", Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long begin = System.nanoTime();
            long sent = 0;
            long settled = 0;
            long worstMillis = 0;
            long nextReport = begin + 1_000_000_000L;
            while (System.nanoTime() - begin < Duration.ofSeconds(seconds).toNanos() || !waiting.isEmpty()
                    && System.nanoTime() - begin < Duration.ofSeconds(seconds + 120).toNanos()) {
                long now = System.nanoTime();
                long due = Math.min(seconds * (long) rate, (now - begin) * rate / 1_000_000_000L);
                while (sent < due) {
                    String person = HexFormat.of().formatHex(randomBytes());
                    waiting.put(person, System.nanoTime());
                    producer.send(record(person, sent));
                    sent++;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    Long at = waiting.remove(r.key());
                    if (at != null) {
                        settled++;
                        worstMillis = Math.max(worstMillis, (System.nanoTime() - at) / 1_000_000);
                    }
                }
                if (now >= nextReport) {
                    long oldest = waiting.values().stream().mapToLong(t -> (now - t) / 1_000_000).max().orElse(0);
                    System.out.printf("t=%3ds sent=%6d settled=%6d waiting=%5d oldest-waiting=%6d ms%n",
                            (now - begin) / 1_000_000_000L, sent, settled, waiting.size(), oldest);
                    nextReport += 1_000_000_000L;
                }
            }
            System.out.printf("RESULT sent=%d settled=%d never=%d longest-wait=%d ms%n", sent, settled, waiting.size(), worstMillis);
        }
    }

    static byte[] randomBytes() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static ProducerRecord<String, byte[]> record(String person, long n) {
        LocalDate discharged = LocalDate.of(2026, 3, 10);
        String id = UUID.randomUUID().toString();
        String json = """
                {"eventId":"%s","hospitalId":"H36040200002","messageId":"ho-%s","hospitalSettlementRef":"ho-%s",\
                "personRef":"%s","regionCode":"360402","insuranceType":"RESIDENT","visitType":"INPATIENT",\
                "hospitalLevel":"SECONDARY","location":"IN_REGION","referred":false,"admissionDate":"%s",\
                "dischargeDate":"%s","totalCost":"14000.00","inScope":"14000.00","partlySelfPaid":"0",\
                "outOfCatalogue":"0","diseaseCode":null,"lateStage":false,"bedDays":3,\
                "designatedMajorDiseaseHospital":false,"hifpPay":"10000.00","hifmiPay":"0","hifobPay":null}"""
                .formatted(id, id, id, person, discharged.minusDays(3), discharged);
        ProducerRecord<String, byte[]> r = new ProducerRecord<>("discharge.submitted.v1", person, json.getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_id", id.getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_type", "org.onestop.discharge.submitted.v1".getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        r.headers().add("ce_subject", person.getBytes(StandardCharsets.UTF_8));
        r.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        r.headers().add("X-Onestop-Institution", "H36040200002".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    static Properties client(String bootstrap, String principal, String password, Map<String, String> extra) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";");
        p.putAll(extra);
        return p;
    }
}
