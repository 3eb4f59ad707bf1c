package org.onestop.messaging.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.onestop.messaging.operations.ServiceStatus.ConsumerLag;
import org.onestop.messaging.operations.ServiceStatus.DeadLetterTopic;
import org.onestop.messaging.operations.ServiceStatus.OutboxBacklog;
import org.onestop.messaging.operations.ServiceStatus.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Takes one service's {@link ServiceStatus}: the Kafka half from the broker (its groups, topics and dead letters), the
 * outbox from its own database, the answering replica's checks from its readiness probes. What cannot be read is named
 * in {@code unavailable} and the rest is still answered: an operator needs the page most when something is down.
 */
public final class OperationsStatus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OperationsStatus.class);

    private final String service;
    private final String instance;
    private final List<Binding> bindings;
    private final KafkaLook kafka;
    private final DatabaseClient db;
    private final Function<String, String> checks;
    private final List<String> checkNames;
    private final Duration deadline;

    /** One consumer binding of the service and a topic it consumes ({@code destination} may list several). */
    public record Binding(String name, String group, String topic) {
    }

    /**
     * @param service          the service's name
     * @param instance         the answering replica's instance id
     * @param bindings         the service's consumer bindings; empty for a service that consumes nothing
     * @param clientProperties the service's Kafka client properties (its own principal)
     * @param db               the service's database (holding {@code messaging_outbox}), or null when it has no outbox
     * @param checkNames       the answering replica's readiness checks to report
     * @param checks           a check's status by name ({@code UP}, {@code DOWN}, …)
     * @param deadline         how long each broker or database call may take
     * @param latest           how many of each dead-letter topic's newest records to show
     */
    public OperationsStatus(String service, String instance, List<Binding> bindings,
            Map<String, Object> clientProperties, DatabaseClient db, List<String> checkNames,
            Function<String, String> checks, Duration deadline, int latest) {
        this.service = service;
        this.instance = instance;
        this.bindings = List.copyOf(bindings);
        this.kafka = new KafkaLook(clientProperties, deadline, latest);
        this.db = db;
        this.checkNames = List.copyOf(checkNames);
        this.checks = checks;
        this.deadline = deadline;
    }

    /** The status now. Blocking broker calls run on the bounded-elastic scheduler. */
    public Mono<ServiceStatus> status() {
        Mono<KafkaPart> kafkaPart = Mono.fromCallable(this::kafkaPart).subscribeOn(Schedulers.boundedElastic());
        return Mono.zip(kafkaPart, outbox()).map(t -> {
            KafkaPart k = t.getT1();
            OutboxBacklog outbox = t.getT2().orElse(null);
            List<String> unavailable = new ArrayList<>();
            if (k.failed()) {
                unavailable.add("broker");
            }
            if (db != null && outbox == null) {
                unavailable.add("database");
            }
            return new ServiceStatus(service, Instant.now(), answeringReplica(k.replicas()), k.replicas(), k.lags(),
                    k.deadLetters(), outbox, unavailable);
        });
    }

    private record KafkaPart(List<Replica> replicas, List<ConsumerLag> lags, List<DeadLetterTopic> deadLetters,
            boolean failed) {
    }

    private KafkaPart kafkaPart() {
        if (bindings.isEmpty()) {
            return new KafkaPart(List.of(), List.of(), List.of(), false);
        }
        try {
            Map<String, ConsumerGroupDescription> groups = kafka.groups(bindings);
            return new KafkaPart(KafkaLook.replicas(bindings, groups), kafka.lags(bindings, groups),
                    kafka.deadLetters(bindings), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KafkaPart(List.of(), List.of(), List.of(), true);
        } catch (Exception e) {
            // the class only: a broker's message may name topics and principals, which the log keeps elsewhere
            log.warn("operations status: the broker did not answer ({})", e.getClass().getName());
            return new KafkaPart(List.of(), List.of(), List.of(), true);
        }
    }

    private Mono<Optional<OutboxBacklog>> outbox() {
        if (db == null) {
            return Mono.just(Optional.empty());
        }
        return db.sql("""
                select count(*) as n,
                       coalesce(extract(epoch from now() - min(created_at))::bigint, 0) as oldest
                from messaging_outbox""")
                .map((row, meta) -> new OutboxBacklog(row.get("n", Long.class), Math.max(0, row.get("oldest", Long.class))))
                .one()
                .timeout(deadline)
                .map(Optional::of)
                .onErrorResume(e -> {
                    log.warn("operations status: the database did not answer ({})", e.getClass().getName());
                    return Mono.just(Optional.empty());
                });
    }

    private Replica answeringReplica(List<Replica> members) {
        Map<String, String> statuses = new LinkedHashMap<>();
        checkNames.forEach(name -> statuses.put(name, checks.apply(name)));
        boolean ready = statuses.values().stream().allMatch("UP"::equals);
        Replica asMember = members.stream().filter(r -> r.instance().equals(instance)).findFirst().orElse(null);
        return new Replica(instance, ready, statuses, asMember == null ? 0 : asMember.consumers(),
                asMember == null ? 0 : asMember.partitions());
    }

    @Override
    public void close() {
        kafka.close();
    }
}
