package org.onestop.messaging.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/v1/<service>/operations/status} answers. Lags, dead letters and the outbox are the service's,
 * shared by its replicas (a consumer group's committed offsets, a topic, one database), so any replica answers them
 * alike; {@link #answeredBy} is the one replica that answered, and {@link #replicas} the replicas its consumer groups
 * hold as members right now.
 *
 * @param service    the service's name ({@code spring.application.name})
 * @param observedAt when the answer was taken
 * @param answeredBy the replica that answered, with its own readiness checks
 * @param replicas   the replicas seen as members of the service's consumer groups (empty for a service that consumes
 *                   nothing, or when the broker did not answer)
 * @param consumers  one entry per consumer binding and topic
 * @param deadLetters one entry per dead-letter topic of those bindings
 * @param outbox     the service's outbox backlog, or null when the database did not answer
 * @param unavailable what could not be read ({@code broker}, {@code database}): the rest of the answer still holds
 */
public record ServiceStatus(String service, Instant observedAt, Replica answeredBy, List<Replica> replicas,
        List<ConsumerLag> consumers, List<DeadLetterTopic> deadLetters, OutboxBacklog outbox, List<String> unavailable) {

    /**
     * @param instance   the replica's instance id ({@code ONESTOP_INSTANCE_ID}), else what the broker knows of it
     * @param ready      for the answering replica, whether every check is UP; null for a replica known from a group
     * @param checks     for the answering replica, each readiness check's status ({@code database}, {@code broker})
     * @param consumers  the group members this replica runs (one per binding and concurrency)
     * @param partitions the topic partitions assigned to them
     */
    public record Replica(String instance, Boolean ready, Map<String, String> checks, int consumers, int partitions) {
    }

    /**
     * @param binding    the binding's name, e.g. {@code settlementCompleted-in-0}
     * @param group      the consumer group
     * @param topic      the topic it consumes
     * @param partitions the topic's partition count
     * @param lag        records behind, summed over the partitions: end offset minus committed offset (minus the
     *                   earliest offset where the group has committed nothing yet); null when not readable
     * @param state      the group's state as the broker names it ({@code Stable}, {@code Empty}, …)
     * @param members    the group's members consuming this topic
     */
    public record ConsumerLag(String binding, String group, String topic, int partitions, Long lag, String state,
            int members) {
    }

    /**
     * @param topic       {@code <topic>.<group>.dlq}
     * @param sourceTopic the topic the records came from
     * @param group       the group that could not process them
     * @param records     records held (end minus earliest offset, summed over partitions); null when not readable
     * @param latest      the newest few, newest first: reason and time, never the payload
     */
    public record DeadLetterTopic(String topic, String sourceTopic, String group, Long records,
            List<DeadLetter> latest) {
    }

    /**
     * @param partition the dead-letter topic's partition
     * @param offset    its offset there
     * @param time      when it was dead-lettered (the record's timestamp)
     * @param reason    {@code x-dlq-reason}: a short code, never personal data
     * @param key       the record's key when it is a person reference (64 hex digits), else null: nothing else of the
     *                  record is shown, as a payload may hold what must not be
     */
    public record DeadLetter(int partition, long offset, Instant time, String reason, String key) {
    }

    /**
     * @param unpublished      events written but not yet acknowledged by Kafka
     * @param oldestAgeSeconds age of the oldest of them, 0 when there is none
     */
    public record OutboxBacklog(long unpublished, long oldestAgeSeconds) {
    }
}
