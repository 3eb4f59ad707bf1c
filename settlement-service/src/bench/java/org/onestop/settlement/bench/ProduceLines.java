package org.onestop.settlement.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * kcat's {@code -P -K '|' -l} in Java, for the bench scripts where kcat cannot log in: on 2026-12-05 this machine's
 * kcat (librdkafka) failed SCRAM-SHA-512 against the embedded broker that the services log in to, for every
 * principal. Sends each {@code key|value} line of a file to a topic as a principal, with one optional header.
 *
 * <pre>{@code
 * java -cp "$(cat /tmp/emb-cp.txt)" settlement-service/src/bench/java/org/onestop/settlement/bench/ProduceLines.java \
 *   localhost:39092 gateway <secret> discharge.submitted.v1 records.txt X-Onestop-Institution=H36040200009
 * }</pre>
 */
public final class ProduceLines {

    public static void main(String[] a) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", a[0]);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + a[1]
                + "\" password=\"" + a[2] + "\";");
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        // as the services' producers (application.yml): acks=all, lz4, 256 KiB batches, 5 ms linger
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        p.put("compression.type", "lz4");
        String header = a.length > 5 ? a[5].substring(0, a[5].indexOf('=')) : null;
        byte[] headerValue = a.length > 5 ? a[5].substring(a[5].indexOf('=') + 1).getBytes(StandardCharsets.UTF_8) : null;
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(p)) {
            for (String line : Files.readAllLines(Path.of(a[4]))) {
                int bar = line.indexOf('|');
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(a[3], line.substring(0, bar),
                        line.substring(bar + 1).getBytes(StandardCharsets.UTF_8));
                if (header != null) {
                    r.headers().add(header, headerValue);
                }
                kafka.send(r);
            }
            kafka.flush();
        }
    }
}
