package org.onestop.settlement.settle;

import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.onestop.events.SettlementCompleted;
import org.onestop.policy.Settlement;
import org.onestop.settlement.book.Payment;
import org.onestop.settlement.book.PersonBook;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settle, pre-settle, cancel and read. Each change runs in ONE R2DBC transaction: the person's row lock, the
 * idempotency check, the replay of the person's book, the settlement row, its payment lines, the events in the
 * outbox and the ledger snapshot.
 */
@Service
public class SettlementService {

    private final DatabaseClient db;
    private final BookStore store;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final Clock clock;
    private final SettlementMetrics metrics;

    SettlementService(DatabaseClient db, BookStore store, TransactionalOperator tx, JsonMapper json, Clock clock,
                      SettlementMetrics metrics) {
        this.db = db;
        this.store = store;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The answer and whether it repeats an earlier one (idempotent retry). */
    public record Result(SettlementAnswer answer, boolean replayed) {
    }

    /** Pre-settlement (2303): the full breakdown under the person's current book, nothing stored. */
    public Mono<SettlementAnswer> preview(DischargeForm form) {
        return store.load(form.personRef()).map(loaded -> {
            Settlement s = loaded.book().preview(form.discharge());
            metrics.settlement(form.policyRegion(), "previewed");
            return SettlementAnswer.of(null, "PREVIEW", form, s, clock.instant());
        });
    }

    /**
     * Settles (2304). A request whose hospital message id or settlement reference is known answers the first
     * answer when its content is the same, and fails with {@link SettlementConflictException} otherwise.
     *
     * @param source HTTP | TOPIC
     */
    public Mono<Result> settle(DischargeForm form, String source) {
        Timer.Sample sample = Timer.start();
        return Mono.defer(() -> store.lockPerson(form.personRef(), form.maskedIdNumber())
                        .then(earlier(form))
                        .map(answer -> new Result(answer.asReplayed(), true))
                        .switchIfEmpty(Mono.defer(() -> settleNew(form, source))))
                .as(tx::transactional)
                // two requests of one hospital reference for different persons pass different locks: the unique
                // constraint stops the second, which then answers like any retry
                .onErrorResume(DataIntegrityViolationException.class, e -> earlier(form)
                        .map(answer -> new Result(answer.asReplayed(), true))
                        .switchIfEmpty(Mono.error(e)))
                .doOnSuccess(r -> {
                    if (r != null) {
                        metrics.settlement(form.policyRegion(), r.replayed() ? "replayed" : "settled");
                        if (!r.replayed()) {
                            sample.stop(metrics.settleTimer());
                        }
                    }
                })
                .doOnError(SettlementConflictException.class, e -> metrics.settlement(form.policyRegion(), "conflict"));
    }

    /** The first answer of the request's hospital message id or reference, or a conflict when the content differs. */
    private Mono<SettlementAnswer> earlier(DischargeForm form) {
        record Found(String messageId, String ref, String hash, String answer) {
        }
        return db.sql("""
                select message_id, hospital_ref, content_hash, answer from settlement
                where hospital_id = $1 and (message_id = $2 or hospital_ref = $3) order by seq""")
                .bind(0, form.hospitalId()).bind(1, form.messageId()).bind(2, form.hospitalSettlementRef())
                .map((row, meta) -> new Found(row.get(0, String.class), row.get(1, String.class), row.get(2, String.class),
                        row.get(3, String.class)))
                .all().collectList()
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.empty();
                    }
                    String hash = form.contentHash();
                    for (Found f : found) {
                        if (!f.hash().equals(hash)) {
                            boolean sameRef = f.ref().equals(form.hospitalSettlementRef());
                            return Mono.error(new SettlementConflictException(sameRef ? "hospitalSettlementRef" : "messageId",
                                    sameRef ? "该医院结算流水号已用于内容不同的结算 (hospitalSettlementRef already settled with different content)"
                                            : "该报文ID已用于另一笔结算 (messageId already used for another settlement)"));
                        }
                    }
                    return Mono.just(json.readValue(found.get(0).answer(), SettlementAnswer.class));
                });
    }

    private Mono<Result> settleNew(DischargeForm form, String source) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        return Mono.zip(store.load(form.personRef()), store.nextSeq()).flatMap(t -> {
            BookStore.Loaded loaded = t.getT1();
            PersonBook.Outcome outcome = loaded.book().settle(id, t.getT2(), form.discharge());
            Settlement s = outcome.settled();
            SettlementAnswer answer = SettlementAnswer.of(id, "SETTLED", form, s, now);
            List<Payment> originals = outcome.payments().stream().filter(p -> p.kind() == Payment.Kind.ORIGINAL).toList();
            List<BookStore.Announcement> announcements = new ArrayList<>();
            announcements.add(new BookStore.Announcement(Events.of(SettlementCompleted.Kind.SETTLED, id, form.personRef(), s,
                    form.hospitalId(), form.hospitalSettlementRef(), originals, null, null, now), originals));
            announcements.addAll(store.adjustments(form.personRef(), outcome, loaded.meta(), "DISCHARGE_OUT_OF_ORDER", id, now));
            return insertSettlement(id, t.getT2(), form, source, answer, now)
                    .then(store.rememberMaskedId(form.personRef(), form.maskedIdNumber()))
                    .then(store.record(form.personRef(), announcements, outcome.replay().ledger(), now))
                    .then(Mono.fromRunnable(() -> {
                        metrics.payments(originals, null);
                        metrics.payments(outcome.payments().stream().filter(p -> p.kind() == Payment.Kind.ADJUSTMENT).toList(),
                                "DISCHARGE_OUT_OF_ORDER");
                    }))
                    .thenReturn(new Result(answer, false));
        });
    }

    private Mono<Void> insertSettlement(UUID id, long seq, DischargeForm form, String source, SettlementAnswer answer, Instant now) {
        return db.sql("""
                insert into settlement (id, seq, person_ref, hospital_id, message_id, hospital_ref, content_hash, region_code,
                                        policy_region, discharge_date, discharge, answer, status, source, created_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'SETTLED', $13, $14)""")
                .bind(0, id).bind(1, seq).bind(2, form.personRef()).bind(3, form.hospitalId()).bind(4, form.messageId())
                .bind(5, form.hospitalSettlementRef()).bind(6, form.contentHash()).bind(7, form.discharge().regionCode())
                .bind(8, form.policyRegion()).bind(9, form.discharge().dischargeDate())
                .bind(10, DischargeCodec.write(json, form.discharge())).bind(11, json.writeValueAsString(answer))
                .bind(12, source).bind(13, now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private record Stored(UUID id, String personRef, String status, String answer, OffsetDateTime reversedAt, String policyRegion) {
    }

    private Mono<Stored> stored(UUID id) {
        return db.sql("select id, person_ref, status, answer, reversed_at, policy_region from settlement where id = $1").bind(0, id)
                .map((row, meta) -> new Stored(row.get(0, UUID.class), row.get(1, String.class), row.get(2, String.class),
                        row.get(3, String.class), row.get(4, OffsetDateTime.class), row.get(5, String.class)))
                .one();
    }

    /** The first answer with what happened since: status, reversal, adjustments. */
    public Mono<SettlementAnswer> get(UUID id) {
        return stored(id).switchIfEmpty(Mono.error(new NotFoundException("结算不存在 (no settlement " + id + ")")))
                .flatMap(s -> db.sql("""
                                select layer, fund_code, amount_fen, kind, reason, cause_id, created_at from payment
                                where settlement_id = $1 and kind <> 'ORIGINAL' order by id""")
                        .bind(0, id)
                        .map((row, meta) -> new SettlementAnswer.AdjustmentLine(row.get(0, String.class), row.get(1, String.class),
                                org.onestop.policy.Money.ofFen(row.get(2, Long.class)).toString(), row.get(3, String.class),
                                row.get(4, String.class), row.get(5, UUID.class), row.get(6, OffsetDateTime.class).toInstant()))
                        .all().collectList()
                        .map(lines -> json.readValue(s.answer(), SettlementAnswer.class)
                                .withHistory(s.status(), s.reversedAt() == null ? null : s.reversedAt().toInstant(), lines)));
    }

    /**
     * Cancels (2305): reverses everything paid on the settlement, re-settles the person's other discharges without it
     * (adjusting those it changes) and announces both. Cancelling a cancelled settlement answers it again.
     */
    public Mono<Result> cancel(UUID id) {
        return stored(id).switchIfEmpty(Mono.error(new NotFoundException("结算不存在 (no settlement " + id + ")")))
                .flatMap(first -> Mono.defer(() -> store.lockPerson(first.personRef(), null)
                                .then(stored(id))
                                .flatMap(s -> "REVERSED".equals(s.status()) ? Mono.just(false) : reverse(s).thenReturn(true)))
                        .as(tx::transactional)
                        .flatMap(changed -> get(id).map(a -> new Result(a, !changed)))
                        .doOnSuccess(r -> {
                            if (r != null && !r.replayed()) {
                                metrics.settlement(first.policyRegion(), "reversed");
                            }
                        }));
    }

    private Mono<Void> reverse(Stored s) {
        Instant now = clock.instant();
        return store.load(s.personRef()).flatMap(loaded -> {
            Settlement before = loaded.book().replay().settlements().get(s.id());
            PersonBook.Outcome outcome = loaded.book().cancel(s.id());
            List<Payment> reversal = outcome.payments().stream().filter(p -> p.kind() == Payment.Kind.REVERSAL).toList();
            BookStore.Meta meta = loaded.meta().get(s.id());
            List<BookStore.Announcement> announcements = new ArrayList<>();
            announcements.add(new BookStore.Announcement(Events.of(SettlementCompleted.Kind.REVERSED, s.id(), s.personRef(), before,
                    meta.hospitalId(), meta.hospitalRef(), reversal, "CANCELLED", s.id(), now), reversal));
            announcements.addAll(store.adjustments(s.personRef(), outcome, loaded.meta(), "SETTLEMENT_CANCELLED", s.id(), now));
            return db.sql("update settlement set status = 'REVERSED', reversed_at = $2 where id = $1")
                    .bind(0, s.id()).bind(1, now.atOffset(ZoneOffset.UTC)).fetch().rowsUpdated()
                    .then(store.record(s.personRef(), announcements, outcome.replay().ledger(), now))
                    .then(Mono.fromRunnable(() -> metrics.payments(outcome.payments(), "SETTLEMENT_CANCELLED")));
        });
    }

    /**
     * Re-settles the person's book after its identities or grants changed (inside the caller's transaction, behind
     * the person's lock) and records an adjustment for every settlement and layer whose amount differs.
     *
     * @return how many adjustment lines were issued
     */
    public Mono<Integer> reconcile(String personRef, String reason, UUID causeId) {
        Instant now = clock.instant();
        return store.load(personRef).flatMap(loaded -> {
            PersonBook.Outcome outcome = loaded.book().reconcile();
            List<BookStore.Announcement> announcements = store.adjustments(personRef, outcome, loaded.meta(), reason, causeId, now);
            return store.record(personRef, announcements, outcome.replay().ledger(), now)
                    .then(Mono.fromRunnable(() -> metrics.payments(outcome.payments(), reason)))
                    .thenReturn(outcome.payments().size());
        });
    }

    /** For the statement: the person's masked ID as the hospital once sent it, if ever. */
    public Mono<String> maskedId(String personRef) {
        return store.maskedId(personRef);
    }

    /** The person's book as stored (no lock): for the year view. */
    public Mono<BookStore.Loaded> book(String personRef) {
        return store.load(personRef);
    }

}
