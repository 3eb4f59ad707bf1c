package org.onestop.enrollment.subsidy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.onestop.events.IdentityChanged;
import org.onestop.events.Topics;
import org.onestop.messaging.outbox.OutboxEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies identity events and contribution reports to the persons' files and announces what changed: in ONE
 * transaction per call the dedupe marks, the files, the history and the outbox rows commit together, under the locks
 * of the persons touched (one writer per person at a time, on any replica), so a crash at any instant loses and
 * duplicates nothing.
 */
@Service
public class Enrollments {

    /** What a batch of identity events did. */
    public record BatchResult(int applied, int held, int duplicates, List<SubsidyChange> changes) {
    }

    /** What a contribution report did: the year's decision afterwards and the changes announced. */
    public record ContributionResult(Optional<YearDecision> decision, List<SubsidyChange> changes, boolean unchanged) {
    }

    private final EnrollmentStore store;
    private final TransactionalOperator tx;
    private final SubsidyDecider decider;
    private final JsonMapper json;
    private final SubsidyMetrics metrics;
    private final Clock clock;

    Enrollments(EnrollmentStore store, TransactionalOperator tx, SubsidyDecider decider, JsonMapper json,
            SubsidyMetrics metrics, Optional<Clock> clock) {
        this.store = store;
        this.tx = tx;
        this.decider = decider;
        this.json = json;
        this.metrics = metrics;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** Applies the events (in order; duplicates by event id are skipped) and reconciles each person touched once. */
    public Mono<BatchResult> apply(List<IdentityChanged> events) {
        if (events.isEmpty()) {
            return Mono.just(new BatchResult(0, 0, 0, List.of()));
        }
        Instant now = clock.instant();
        Set<UUID> ids = new LinkedHashSet<>();
        Set<String> refs = new LinkedHashSet<>();
        events.forEach(e -> {
            ids.add(e.eventId());
            refs.add(e.personRef());
        });
        Mono<BatchResult> work = store.lock(refs)
                .then(store.processed(ids))
                .zipWith(store.load(refs))
                .flatMap(t -> {
                    Set<UUID> seen = new java.util.HashSet<>(t.getT1());
                    Map<String, PersonEnrollment> files = t.getT2();
                    Map<UUID, String> outcomes = new LinkedHashMap<>();
                    Map<String, UUID> lastCause = new LinkedHashMap<>();
                    int applied = 0;
                    int held = 0;
                    int duplicates = 0;
                    for (IdentityChanged e : events) {
                        if (!seen.add(e.eventId())) {
                            duplicates++;
                            continue;
                        }
                        PersonEnrollment.Applied a = files.get(e.personRef()).apply(e);
                        outcomes.put(e.eventId(), a.name());
                        lastCause.put(e.personRef(), e.eventId());
                        if (a == PersonEnrollment.Applied.HELD) {
                            held++;
                        } else {
                            applied++;
                        }
                    }
                    List<SubsidyChange> changes = new ArrayList<>();
                    List<PersonEnrollment> touched = new ArrayList<>();
                    lastCause.forEach((ref, cause) -> {
                        PersonEnrollment file = files.get(ref);
                        changes.addAll(file.reconcile(decider, now, cause, UUID::randomUUID));
                        touched.add(file);
                    });
                    BatchResult result = new BatchResult(applied, held, duplicates, changes);
                    return store.markProcessed(outcomes, now)
                            .then(store.save(touched, changes, outbox(changes), now))
                            .thenReturn(result);
                })
                .as(tx::transactional);
        return work.doOnSuccess(r -> {
            metrics.changes(r.changes());
            metrics.identityEvents("applied", r.applied());
            metrics.identityEvents("held", r.held());
            metrics.identityEvents("duplicate", r.duplicates());
        });
    }

    /** Records the tax bureau's report of a person's payment for a year and re-decides that person. */
    public Mono<ContributionResult> recordContribution(String personRef, Contribution c) {
        return recordContribution(personRef, c, regions -> {
        });
    }

    /**
     * As {@link #recordContribution(String, Contribution)}, after {@code checkRegions} has accepted the regions held for
     * the person-year ({@link PersonEnrollment#regionsFor}); it is called under the person's lock, in the transaction,
     * and refuses by throwing: then nothing is stored.
     */
    public Mono<ContributionResult> recordContribution(String personRef, Contribution c, Consumer<Set<String>> checkRegions) {
        Instant now = clock.instant();
        Mono<ContributionResult> work = store.lock(List.of(personRef))
                .then(store.load(List.of(personRef)))
                .flatMap(files -> {
                    PersonEnrollment file = files.get(personRef);
                    checkRegions.accept(file.regionsFor(c.year()));
                    Contribution before = file.contributions().get(c.year());
                    if (c.equals(before)) {
                        return Mono.just(new ContributionResult(Optional.ofNullable(file.years().get(c.year())), List.of(), true));
                    }
                    file.recordContribution(c, LocalDate.ofInstant(now, PersonEnrollment.ZONE));
                    List<SubsidyChange> changes = file.reconcile(decider, now, null, UUID::randomUUID);
                    return store.save(List.of(file), changes, outbox(changes), now)
                            .thenReturn(new ContributionResult(Optional.ofNullable(file.years().get(c.year())), changes, false));
                })
                .as(tx::transactional);
        return work.doOnSuccess(r -> metrics.changes(r.changes()));
    }

    private List<OutboxEvent> outbox(List<SubsidyChange> changes) {
        List<OutboxEvent> events = new ArrayList<>(changes.size());
        for (SubsidyChange c : changes) {
            events.add(new OutboxEvent(Topics.ENROLLMENT_SUBSIDY, c.personRef(), c.eventId(),
                    json.writeValueAsBytes(SubsidyEvents.of(c)), c.decidedAt()));
        }
        return events;
    }
}
