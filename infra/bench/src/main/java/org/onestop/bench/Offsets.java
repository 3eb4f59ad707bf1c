package org.onestop.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How fast a service absorbs a topic, read from the outside: {@code mark} remembers the topic's end offsets before a
 * run produces onto it; {@code caught-up} waits until the service's consumer group has committed past every record
 * produced since, and prints the span from the first such record's timestamp (when it was produced) to that moment.
 * When the consumer keeps up with the producer the figure is the producer's rate, a floor of what the consumer could
 * absorb; the script says so in the row. Prints
 * {@code first_ms=… caught_ms=… events=… seconds=… moved_ms=… moved_events=…}: {@code moved_ms} is when the group was first seen (polled every 250 ms) to have committed past the marks, and
 * {@code moved_events} how many events it had committed then, so a script can tell a consumer's start (its rejoin and
 * first poll) from its pace.
 */
final class Offsets {

    private Offsets() {
    }

    /** mark BOOTSTRAP SECRETS TOPIC FILE */
    static void mark(String[] args) throws Exception {
        Properties client = KafkaClients.consumer(KafkaClients.scram(args[0], Path.of(args[1]), "operator"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(client)) {
            List<TopicPartition> partitions = consumer.partitionsFor(args[2]).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            String lines = consumer.endOffsets(partitions).entrySet().stream()
                    .map(e -> e.getKey().partition() + "=" + e.getValue()).collect(Collectors.joining("\n"));
            Files.writeString(Path.of(args[3]), lines + "\n");
        }
    }

    static Map<TopicPartition, Long> read(String topic, Path file) throws Exception {
        Map<TopicPartition, Long> marks = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                String[] kv = line.split("=");
                marks.put(new TopicPartition(topic, Integer.parseInt(kv[0])), Long.parseLong(kv[1]));
            }
        }
        return marks;
    }

    /** caught-up ADMIN_BOOTSTRAP SECRETS TOPIC GROUP MARK_FILE EXPECTED TIMEOUT_S */
    static void caughtUp(String[] args) throws Exception {
        Properties client = KafkaClients.admin(args[0], Path.of(args[1]));
        String topic = args[2];
        String group = args[3];
        Map<TopicPartition, Long> marks = read(topic, Path.of(args[4]));
        long expected = Long.parseLong(args[5]);
        long deadline = System.currentTimeMillis() + Long.parseLong(args[6]) * 1000;
        long movedMs = 0;
        long movedEvents = 0;
        try (Admin admin = Admin.create(client)) {
            while (true) {
                Map<TopicPartition, Long> ends = ends(admin, marks);
                long events = marks.keySet().stream().mapToLong(p -> ends.get(p) - marks.get(p)).sum();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                boolean caught = events >= expected && marks.keySet().stream().allMatch(p -> ends.get(p).equals(marks.get(p))
                        || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p)));
                long now = System.currentTimeMillis();
                if (movedMs == 0) {
                    long past = marks.keySet().stream().mapToLong(p -> committed.get(p) == null ? 0
                            : Math.max(0, committed.get(p).offset() - marks.get(p))).sum();
                    if (past > 0) {
                        movedMs = now;
                        movedEvents = past;
                    }
                }
                if (caught) {
                    long first = firstTimestamp(client, marks, ends);
                    System.out.println("first_ms=" + first + " caught_ms=" + now + " events=" + events + " seconds="
                            + Timing.seconds((now - first) / 1000.0) + " moved_ms=" + movedMs + " moved_events=" + movedEvents);
                    return;
                }
                if (now > deadline) {
                    long behind = marks.keySet().stream().mapToLong(p -> ends.get(p)
                            - (committed.get(p) == null ? marks.get(p) : committed.get(p).offset())).sum();
                    System.out.println("timeout=1 events=" + events + " behind=" + behind);
                    System.exit(1);
                }
                Thread.sleep(250); // a few admin requests a second: little CPU beside the measured services
            }
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Map<TopicPartition, Long> marks) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = marks.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        return info.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The earliest timestamp among the first record after the mark of each partition that received any. */
    private static long firstTimestamp(Properties client, Map<TopicPartition, Long> marks, Map<TopicPartition, Long> ends) {
        Properties p = KafkaClients.consumer(client);
        p.put("max.poll.records", "1");
        long first = Long.MAX_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            for (TopicPartition tp : marks.keySet()) {
                if (ends.get(tp) <= marks.get(tp)) {
                    continue;
                }
                consumer.assign(List.of(tp));
                consumer.seek(tp, marks.get(tp));
                long deadline = System.currentTimeMillis() + 10_000;
                List<ConsumerRecord<byte[], byte[]>> got = List.of();
                while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                    got = consumer.poll(Duration.ofMillis(200)).records(tp);
                }
                if (!got.isEmpty()) {
                    first = Math.min(first, got.get(0).timestamp());
                }
            }
        }
        return first;
    }
}
