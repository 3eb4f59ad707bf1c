package org.onestop.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The bulk path's ceiling on the same broker in the same run: the very records {@link BulkRun} sends (same keys, values
 * and headers, same producer settings as the relays) produced onto a scratch topic and consumed back, each timed.
 * The sum is what Kafka alone needs to carry them in and out once; the bulk path does that and the settling between.
 * Prints {@code produce_s=… consume_s=… records=…}.
 */
final class KafkaCeiling {

    private KafkaCeiling() {
    }

    static void main(String[] args) throws Exception {
        String adminBootstrap = args[0];
        Path secrets = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        String seed = args[3];
        Properties client = KafkaClients.admin(adminBootstrap, secrets);
        try (ScratchTopic topic = new ScratchTopic(client, "bench.ceiling." + seed)) {
            List<ProducerRecord<String, byte[]>> records = DischargeRecords.generate(topic.name, n, seed);
            System.out.println(produceAndConsume(client, topic.name, records));
        }
    }

    /** Produces the records, waits for every acknowledgement, then reads them all back from the beginning. */
    static String produceAndConsume(Properties client, String topic, List<ProducerRecord<String, byte[]>> records) {
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(client))) {
            records.forEach(producer::send);
            producer.flush();
        }
        double produce = Timing.since(start);
        long read = 0;
        start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(client))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (read < records.size() && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        double consume = Timing.since(start);
        return "produce_s=" + Timing.seconds(produce) + " consume_s=" + Timing.seconds(consume) + " records=" + records.size()
                + " read=" + read;
    }
}
