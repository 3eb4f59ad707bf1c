package org.onestop.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.onestop.events.Topic;
import org.onestop.events.Topics;

/**
 * The suite's topics, created up front so that the first event of each kind does not wait for auto-creation and
 * every topic gets the same 6 partitions (records are keyed by person).
 */
final class TopicSetup {

    static final int PARTITIONS = 6;

    /** The event topics, from the shared registry in onestop-events (one place names them). */
    static final List<String> EVENT_TOPICS = Topics.ALL.stream().map(Topic::name).toList();

    /**
     * Which consumer group reads which topic, from the architecture's topic table. Group ids follow the service names;
     * each pair has a dead-letter topic {@code <topic>.<group>.dlq}.
     */
    static final Map<String, List<String>> CONSUMER_GROUPS = Map.of(
            Topics.IDENTITY_CHANGED.name(), List.of("enrollment-service", "settlement-service", "monitoring-service"),
            Topics.DISCHARGE_SUBMITTED.name(), List.of("settlement-service"),
            Topics.SETTLEMENT_COMPLETED.name(), List.of("monitoring-service", "enrollment-service"));

    private TopicSetup() {
    }

    /** Event topics, then their dead-letter topics, in a stable order. */
    static List<String> all() {
        List<String> names = new ArrayList<>(EVENT_TOPICS);
        for (String topic : EVENT_TOPICS) {
            CONSUMER_GROUPS.getOrDefault(topic, List.of()).stream().sorted().map(group -> Topics.deadLetter(topic, group)).forEach(names::add);
        }
        return names;
    }

    /**
     * Creates whichever of {@link #all()} is missing. The replication factor is left to the broker's default: 1 on the
     * embedded broker, the cluster's own on an external one.
     *
     * @return the topics this call created
     */
    static List<String> createMissing(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = all().stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, Optional.of(PARTITIONS), Optional.empty()))
                    .toList();
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get();
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // another launcher or a service got there first
                        throw new LaunchException("Cannot create topic " + result.getKey() + " on " + bootstrapServers + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created.stream().sorted().collect(Collectors.toList());
        } catch (ExecutionException e) {
            throw new LaunchException("Cannot list topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while creating topics", e);
        }
    }
}
