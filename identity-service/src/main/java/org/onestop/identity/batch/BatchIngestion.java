package org.onestop.identity.batch;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.onestop.events.IdentityChanged;
import org.onestop.identity.IdentityProperties;
import org.onestop.identity.person.PersonRefs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingests one batch: idempotency check, then, in ONE database transaction, the batch, its per-row report, the
 * accepted rows' periods and facts, and their events in the outbox. Rows are validated and written chunk by chunk
 * as they stream in; nothing is visible (or published) until the whole batch commits, so a failure half-way
 * leaves nothing behind. Batches are serialised per person, not globally: each holds the locks of its persons (of
 * every person when it has more than one chunk) until it commits, so batches of different persons run side by side,
 * on one replica or several, and two batches of one person run one after the other.
 */
@Service
public class BatchIngestion {

    private static final Logger log = LoggerFactory.getLogger(BatchIngestion.class);

    private final BatchStore store;
    private final TransactionalOperator tx;
    private final PersonRefs personRefs;
    private final IdentityProperties properties;
    private final RowMetrics metrics;
    private final JsonMapper json;
    private final Clock clock;

    BatchIngestion(BatchStore store, TransactionalOperator tx, PersonRefs personRefs, IdentityProperties properties,
            RowMetrics metrics, JsonMapper json, java.util.Optional<Clock> clock) {
        this.store = store;
        this.tx = tx;
        this.personRefs = personRefs;
        this.properties = properties;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock.orElse(Clock.systemDefaultZone());
    }

    /**
     * The first report of an earlier identical submission, if there is one (same reference and content, or the same
     * content under another reference).
     *
     * @throws BatchContentDiffersException (as the Mono's error) when the reference was used for other content
     */
    public Mono<BatchReport> findEarlier(BatchSubmission s) {
        return store.findEarlier(s)
                .map(BatchIngestion::sameContentOrRefuse)
                .flatMap(this::withInlineRows)
                .map(BatchReport::asDuplicate);
    }

    /** A resubmission is a duplicate only with the same content; other content under a used reference is refused. */
    private static BatchReport sameContentOrRefuse(BatchStore.Earlier earlier) {
        if (!earlier.sameContent()) {
            throw new BatchContentDiffersException(earlier.report().departmentReference(), earlier.report().batchId());
        }
        return earlier.report();
    }

    /**
     * Validates and stores the batch; emits its report. {@code records} is subscribed once, inside the transaction.
     * A repeated submission emits the earlier report with {@code duplicate = true}; one under a used reference with
     * other content fails with {@link BatchContentDiffersException}, nothing stored.
     */
    public Mono<BatchReport> ingest(BatchSubmission s, Flux<IdentityRecord> records) {
        return findEarlier(s).switchIfEmpty(Mono.defer(() -> {
            UUID batchId = UUID.randomUUID();
            Instant now = clock.instant();
            Tally tally = new Tally(s.reportAllRows() ? Integer.MAX_VALUE : properties.reportRowsInline());
            RowValidator validator = new RowValidator(s.department(), LocalDate.now(clock),
                    properties.maxStartAheadDays(), properties.regionPrefixes(), personRefs);
            Mono<BatchReport> work = store.lockSubmission(s)
                    .then(store.findEarlier(s))
                    .map(earlier -> new Outcome(sameContentOrRefuse(earlier), true))
                    .switchIfEmpty(Mono.defer(() -> store.insertBatch(batchId, s, now)
                            // Stateless validation (parsing, check digits, HMACs) runs where the records are
                            // produced, one chunk ahead of the chunk being written: reading and writing overlap.
                            .thenMany(records.buffer(properties.chunkRows())
                                    .map(chunk -> validate(validator, chunk))
                                    .index()
                                    .concatMap(chunk -> lock(chunk.getT1(), chunk.getT2())
                                            .then(processChunk(batchId, s, now, chunk.getT2(), tally)), 1))
                            .then(Mono.defer(() -> store.finishBatch(batchId, tally.total, tally.accepted, tally.rejected())))
                            .then(Mono.fromSupplier(() -> new Outcome(new BatchReport(batchId, s.department().name(),
                                    s.area(), s.departmentReference(), s.source(), s.identityType(), now, false, tally.total,
                                    tally.accepted, tally.rejected(), tally.inline, tally.inlineComplete()), false)))))
                    .as(tx::transactional)
                    .flatMap(o -> o.duplicate ? withInlineRows(o.report).map(BatchReport::asDuplicate) : Mono.just(o.report));
            return work.doOnSuccess(r -> {
                if (r != null && !r.duplicate()) {
                    tally.reasons.forEach((reason, n) -> metrics.count(s.department(), reason, n));
                    metrics.count(s.department(), null, tally.accepted);
                    log.info("batch {} from {} ({}): {} rows, {} accepted, {} rejected", batchId, s.department(),
                            s.source(), r.totalRows(), r.acceptedRows(), r.rejectedRows());
                }
            });
        }));
    }

    private record Outcome(BatchReport report, boolean duplicate) {
    }

    /**
     * The person locks a chunk needs before its persons' periods are read: a batch that fits in one chunk locks its
     * own persons; one whose first chunk is full may have more persons to come, and locks every person at once
     * (each batch takes its locks at one point, in one order, so two batches cannot deadlock).
     */
    private Mono<Void> lock(long chunkIndex, ValidatedChunk chunk) {
        if (chunkIndex > 0) {
            return Mono.empty();
        }
        return chunk.outcomes().size() < properties.chunkRows() ? store.lockPersons(chunk.persons())
                : store.lockAllPersons();
    }

    private Mono<BatchReport> withInlineRows(BatchReport r) {
        boolean json = "JSON".equals(r.source());
        int limit = json ? Math.max(r.totalRows(), 1) : properties.reportRowsInline();
        return store.rows(r.batchId(), json ? null : Boolean.FALSE, 0, limit).collectList()
                .map(rows -> new BatchReport(r.batchId(), r.department(), r.area(), r.departmentReference(), r.source(),
                        r.identityType(), r.receivedAt(), r.duplicate(), r.totalRows(), r.acceptedRows(),
                        r.rejectedRows(), rows, json || r.rejectedRows() <= limit));
    }

    /** One chunk after the checks a row passes on its own; {@code persons} are the valid rows' persons. */
    private record ValidatedChunk(List<RowValidator.Outcome> outcomes, Set<String> persons) {
    }

    private static ValidatedChunk validate(RowValidator validator, List<IdentityRecord> chunk) {
        List<RowValidator.Outcome> outcomes = new ArrayList<>(chunk.size());
        Set<String> persons = new LinkedHashSet<>();
        for (IdentityRecord r : chunk) {
            RowValidator.Outcome o = validator.validate(r);
            outcomes.add(o);
            if (o instanceof RowValidator.Valid v) {
                persons.add(v.row().personRef());
            }
        }
        return new ValidatedChunk(outcomes, persons);
    }

    private Mono<Void> processChunk(UUID batchId, BatchSubmission s, Instant now, ValidatedChunk chunk, Tally tally) {
        List<RowValidator.Outcome> outcomes = chunk.outcomes();
        Set<String> persons = chunk.persons();
        return store.livePeriods(persons, batchId).zipWhen(live -> store.existingPersons(persons)).flatMap(loaded -> {
            List<PeriodState> live = loaded.getT1();
            PeriodRules rules = new PeriodRules(live, UUID::randomUUID);
            List<BatchStore.RowWrite> writes = new ArrayList<>(outcomes.size());
            for (RowValidator.Outcome o : outcomes) {
                BatchStore.RowWrite w;
                if (o instanceof RowValidator.Invalid inv) {
                    w = rejected(inv.source(), inv.reason(), inv.maskedId(), inv.personRef(), null, null);
                } else {
                    ValidRow row = ((RowValidator.Valid) o).row();
                    PeriodRules.Decision d = rules.decide(row);
                    w = d instanceof PeriodRules.Reject rej
                            ? rejected(row.source(), rej.reason(), row.id().mask(), row.personRef(), row.type().name(),
                                    row.change().name())
                            : accepted(batchId, s, now, (PeriodRules.Accept) d);
                }
                tally.add(w.report());
                writes.add(w);
            }
            return store.writeChunk(batchId, s.department(), now, writes, loaded.getT2());
        });
    }

    private static BatchStore.RowWrite rejected(IdentityRecord r, RowReason reason, String masked, String personRef,
            String type, String change) {
        return new BatchStore.RowWrite(new RowReport(r.rowNo(), r.recordReference(), RowReport.REJECTED, reason.code(),
                reason.chinese(), masked, personRef, type != null ? type : r.identityType(),
                change != null ? change : r.change()), null, null, null);
    }

    private BatchStore.RowWrite accepted(UUID batchId, BatchSubmission s, Instant now, PeriodRules.Accept a) {
        ValidRow row = a.row();
        UUID eventId = UUID.randomUUID();
        IdentityChanged event = new IdentityChanged(eventId, row.personRef(), row.regionCode(), s.department(),
                row.type(), row.change(), a.periodId(), a.validFrom(), a.validTo(), a.superseded(),
                s.departmentReference(), batchId, now, row.id().mask(), row.householdRef());
        RowReport report = new RowReport(row.source().rowNo(), row.source().recordReference(), RowReport.ACCEPTED, null,
                null, row.id().mask(), row.personRef(), row.type().name(), row.change().name());
        return new BatchStore.RowWrite(report, a, json.writeValueAsBytes(event), eventId);
    }

    /** Running totals of one batch; touched only by its sequential chunk pipeline. */
    private static final class Tally {
        final int inlineLimit;
        final List<RowReport> inline = new ArrayList<>();
        final Map<RowReason, Long> reasons = new EnumMap<>(RowReason.class);
        int total;
        int accepted;
        boolean inlineTruncated;

        Tally(int inlineLimit) {
            this.inlineLimit = inlineLimit;
        }

        void add(RowReport r) {
            total++;
            boolean ok = RowReport.ACCEPTED.equals(r.status());
            if (ok) {
                accepted++;
            } else {
                reasons.merge(RowReason.valueOf(r.reasonCode()), 1L, Long::sum);
            }
            boolean listed = inlineLimit == Integer.MAX_VALUE || !ok;
            if (listed) {
                if (inline.size() < inlineLimit) {
                    inline.add(r);
                } else {
                    inlineTruncated = true;
                }
            }
        }

        int rejected() {
            return total - accepted;
        }

        boolean inlineComplete() {
            return !inlineTruncated;
        }
    }
}
