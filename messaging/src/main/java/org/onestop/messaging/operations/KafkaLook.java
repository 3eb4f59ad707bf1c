package org.onestop.messaging.operations;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.Topics;
import org.onestop.messaging.operations.OperationsStatus.Binding;
import org.onestop.messaging.operations.ServiceStatus.ConsumerLag;
import org.onestop.messaging.operations.ServiceStatus.DeadLetter;
import org.onestop.messaging.operations.ServiceStatus.DeadLetterTopic;
import org.onestop.messaging.operations.ServiceStatus.Replica;

/**
 * The Kafka half of a status: the service's own consumer groups, topics and dead-letter topics, read with the service's
 * own principal (DESCRIBE on its groups and topics; READ on its dead-letter topics for their latest headers). Blocking
 * Admin and consumer calls, each with a deadline: call it off the event loop.
 */
final class KafkaLook implements AutoCloseable {

    /** A person reference: HMAC-SHA256 in lower-case hex (docs/architecture.md › Person reference). */
    private static final Pattern PERSON_REF = Pattern.compile("[0-9a-f]{64}");

    private final Admin admin;
    private final Map<String, Object> clientProperties;
    private final Duration deadline;
    private final int latest;
    /** Reads the dead-letter topics' newest records; used under this object's lock only (a consumer is single-threaded). */
    private KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param clientProperties the service's Kafka client properties (bootstrap servers, its own credentials)
     * @param deadline         how long each broker call may take
     * @param latest           how many of a dead-letter topic's newest records to show
     */
    KafkaLook(Map<String, Object> clientProperties, Duration deadline, int latest) {
        this.clientProperties = Map.copyOf(clientProperties);
        this.admin = Admin.create(this.clientProperties);
        this.deadline = deadline;
        this.latest = latest;
    }

    /** Lag per binding and topic, and the members of each group. */
    List<ConsumerLag> lags(List<Binding> bindings, Map<String, ConsumerGroupDescription> groups) throws Exception {
        List<ConsumerLag> lags = new ArrayList<>();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committedByGroup = new HashMap<>();
        for (Binding b : bindings) {
            List<TopicPartition> partitions = partitions(b.topic());
            Map<TopicPartition, OffsetAndMetadata> committed = committedByGroup.computeIfAbsent(b.group(), this::committed);
            Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
            long lag = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long from = c == null ? starts.getOrDefault(tp, 0L) : c.offset();
                lag += Math.max(0, ends.getOrDefault(tp, 0L) - from);
            }
            ConsumerGroupDescription group = groups.get(b.group());
            int members = group == null ? 0 : (int) group.members().stream()
                    .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(b.topic())))
                    .count();
            lags.add(new ConsumerLag(b.name(), b.group(), b.topic(), partitions.size(), lag,
                    group == null ? null : group.groupState().toString(), members));
        }
        return lags;
    }

    /** The groups as the broker describes them (state, members). */
    Map<String, ConsumerGroupDescription> groups(List<Binding> bindings) throws Exception {
        List<String> names = bindings.stream().map(Binding::group).distinct().toList();
        if (names.isEmpty()) {
            return Map.of();
        }
        return admin.describeConsumerGroups(names).all().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The replicas the groups' members belong to. With static membership a member's instance id is
     * {@code <replica>-<binding>-<n>} (messaging's StaticMembership), so the replica is the id without that tail;
     * without it, the client's host and id are all the broker knows.
     */
    static List<Replica> replicas(List<Binding> bindings, Map<String, ConsumerGroupDescription> groups) {
        Map<String, int[]> byReplica = new LinkedHashMap<>();
        for (ConsumerGroupDescription group : groups.values()) {
            for (MemberDescription m : group.members()) {
                String replica = m.groupInstanceId().map(id -> replicaOf(id, bindings))
                        .orElse(m.host() + " " + m.clientId());
                int[] counts = byReplica.computeIfAbsent(replica, r -> new int[2]);
                counts[0]++;
                counts[1] += m.assignment().topicPartitions().size();
            }
        }
        List<Replica> replicas = new ArrayList<>();
        byReplica.forEach((name, counts) -> replicas.add(new Replica(name, null, null, counts[0], counts[1])));
        replicas.sort(Comparator.comparing(Replica::instance));
        return replicas;
    }

    static String replicaOf(String groupInstanceId, List<Binding> bindings) {
        for (Binding b : bindings) {
            Matcher m = Pattern.compile("(.+)-" + Pattern.quote(b.name()) + "-\\d+").matcher(groupInstanceId);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return groupInstanceId;
    }

    /** Each binding's dead-letter topic: its record count and newest reasons. A topic not yet created holds none. */
    List<DeadLetterTopic> deadLetters(List<Binding> bindings) throws Exception {
        List<DeadLetterTopic> topics = new ArrayList<>();
        for (Binding b : bindings) {
            String dlq = Topics.deadLetter(b.topic(), b.group());
            List<TopicPartition> partitions;
            try {
                partitions = partitions(dlq);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    topics.add(new DeadLetterTopic(dlq, b.topic(), b.group(), 0L, List.of()));
                    continue;
                }
                throw e;
            }
            Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
            long records = 0;
            for (TopicPartition tp : partitions) {
                records += Math.max(0, ends.getOrDefault(tp, 0L) - starts.getOrDefault(tp, 0L));
            }
            topics.add(new DeadLetterTopic(dlq, b.topic(), b.group(), records,
                    records == 0 ? List.of() : newest(starts, ends)));
        }
        return topics;
    }

    /**
     * The newest {@link #latest} records over all partitions, newest first: the last {@code latest} of each partition
     * read without a group (assign and seek: nothing committed, no group ACL needed), keeping the headers only.
     */
    private synchronized List<DeadLetter> newest(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
        List<DeadLetter> found = new ArrayList<>();
        KafkaConsumer<byte[], byte[]> consumer = consumer();
        List<TopicPartition> withRecords = ends.keySet().stream()
                .filter(tp -> ends.get(tp) > starts.getOrDefault(tp, 0L)).toList();
        consumer.assign(withRecords);
        Map<TopicPartition, Long> remaining = new HashMap<>();
        for (TopicPartition tp : withRecords) {
            long from = Math.max(starts.getOrDefault(tp, 0L), ends.get(tp) - latest);
            consumer.seek(tp, from);
            remaining.put(tp, ends.get(tp));
        }
        long stop = System.nanoTime() + deadline.toNanos();
        while (!remaining.isEmpty() && System.nanoTime() < stop) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                found.add(deadLetter(r));
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() + 1 >= remaining.getOrDefault(tp, Long.MAX_VALUE)) {
                    remaining.remove(tp);
                }
            }
        }
        found.sort(Comparator.comparing(DeadLetter::time).thenComparing(DeadLetter::offset).reversed());
        return found.size() > latest ? List.copyOf(found.subList(0, latest)) : found;
    }

    /** One consumer for the life of the status (a consumer per call would log its whole configuration each time). */
    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> props = new HashMap<>(clientProperties);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> r) {
        Header reason = r.headers().lastHeader(CloudEventHeaders.DLQ_REASON);
        String text = reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8);
        if (text != null && text.length() > 120) {
            text = text.substring(0, 120);
        }
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        return new DeadLetter(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), text,
                key != null && PERSON_REF.matcher(key).matches() ? key : null);
    }

    private List<TopicPartition> partitions(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(deadline.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        return d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            // a partition the group knows but has no offset for comes back with a null value
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    present.put(tp, o);
                }
            });
            return present;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerUnavailable(e);
        }
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public synchronized void close() {
        admin.close(Duration.ofSeconds(5));
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** A broker call inside a lambda failed; unwrapped by the caller into "broker unavailable". */
    static final class BrokerUnavailable extends RuntimeException {
        BrokerUnavailable(Throwable cause) {
            super(cause);
        }
    }
}
