package org.onestop.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.onestop.events.Topics;

/**
 * The bulk path end to end: N discharges produced on {@code discharge.submitted.v1} as the gateway principal (the
 * topic's one writer), timed until settlement-service has announced every one of them on {@code
 * settlement.completed.v1} (read as the read-only operator). A result event leaves the outbox only after the settlement
 * it announces committed, so "announced" implies "stored". Prints {@code produced_s=… done_s=… records=…}.
 */
final class BulkRun {

    private BulkRun() {
    }

    static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Path secrets = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        String seed = args[3];
        long timeoutSeconds = args.length > 4 ? Long.parseLong(args[4]) : 600;
        List<ProducerRecord<String, byte[]>> records = DischargeRecords.generate(Topics.DISCHARGE_SUBMITTED.name(), n, seed);
        byte[] marker = ("\"" + DischargeRecords.reference(seed, 0).substring(0, DischargeRecords.reference(seed, 0).length() - 1))
                .getBytes(StandardCharsets.UTF_8); // "b-<seed>-: this run's references only

        Properties operator = KafkaClients.consumer(KafkaClients.scram(bootstrap, secrets, "operator"));
        try (KafkaConsumer<byte[], byte[]> results = new KafkaConsumer<>(operator);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(KafkaClients.scram(bootstrap, secrets, "gateway")))) {
            List<TopicPartition> partitions = results.partitionsFor(Topics.SETTLEMENT_COMPLETED.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            results.assign(partitions);
            results.seekToEnd(partitions);
            partitions.forEach(results::position); // resolve the end now, before the first send

            long start = System.nanoTime();
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, (metadata, e) -> {
                    if (e != null) {
                        System.err.println("send failed: " + e);
                    }
                });
            }
            producer.flush();
            double produced = Timing.since(start);
            int seen = 0;
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            while (seen < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : results.poll(Duration.ofMillis(200))) {
                    if (contains(r.value(), marker)) {
                        seen++;
                    }
                }
            }
            double done = Timing.since(start);
            System.out.println("produced_s=" + Timing.seconds(produced) + " done_s=" + Timing.seconds(done) + " records=" + n
                    + " announced=" + seen);
            if (seen < n) {
                System.exit(1);
            }
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
