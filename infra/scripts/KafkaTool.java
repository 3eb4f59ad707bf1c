import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A plain Kafka client for the end-to-end scripts, authenticating with SCRAM-SHA-512 as the principal whose password
 * file it is given, or not at all ({@code -}). Debian's kcat (librdkafka 2.0.2) fails SCRAM against the Kafka 4.1
 * broker with credentials the Java client accepts, so the scripts read and write topics with this instead.
 *
 * <pre>
 * java -cp "$(cat kafka.classpath)" infra/scripts/KafkaTool.java BOOTSTRAP PRINCIPAL|- PASSWORD_FILE|- read TOPIC
 *     prints one line a record: key, TAB, headers (name=value,…), TAB, value; exits 0 (3 when refused)
 * java -cp … KafkaTool.java BOOTSTRAP PRINCIPAL|- PASSWORD_FILE|- produce TOPIC KEY VALUE [HEADER=VALUE …]
 *     exits 0 when the broker acknowledged the record, 3 when it was refused or never acknowledged
 * </pre>
 */
public class KafkaTool {

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: KafkaTool BOOTSTRAP PRINCIPAL|- PASSWORD_FILE|- read TOPIC | produce TOPIC KEY VALUE [H=V ...]");
            System.exit(2);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", args[0]);
        if (!"-".equals(args[1])) {
            String password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
            p.put("security.protocol", "SASL_PLAINTEXT");
            p.put("sasl.mechanism", "SCRAM-SHA-512");
            p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + args[1] + "\" password=\"" + password + "\";");
        }
        p.put("request.timeout.ms", "10000");
        p.put("default.api.timeout.ms", "15000");
        try {
            if ("read".equals(args[3])) {
                read(p, args[4]);
            } else if ("produce".equals(args[3]) && args.length >= 7) {
                produce(p, args[4], args[5], args[6], List.of(args).subList(7, args.length));
            } else {
                System.err.println("unknown command " + args[3]);
                System.exit(2);
            }
        } catch (Exception e) {
            System.err.println("refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }

    /** Every record on every partition, from the beginning to the end as of now; no consumer group, nothing committed. */
    static void read(Properties p, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String headers = new ArrayList<Header>(List.of(r.headers().toArray())).stream()
                            .map(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)).collect(Collectors.joining(","));
                    System.out.println(text(r.key()) + "\t" + headers + "\t" + text(r.value()));
                }
            }
        }
    }

    static void produce(Properties p, String topic, String key, String value, List<String> headers) throws Exception {
        p.put("max.block.ms", "15000");
        p.put("delivery.timeout.ms", "20000");
        p.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8));
            for (String h : headers) {
                String[] kv = h.split("=", 2);
                record.headers().add(kv[0], kv[1].getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get(25, TimeUnit.SECONDS);
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
