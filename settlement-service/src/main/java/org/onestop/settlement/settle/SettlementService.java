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
        return Mono.zip(store.heads(List.of(form.personRef())), store.nextSeq()).flatMap(t -> {
            BookStore.Head head = t.getT1().get(form.personRef());
            long seq = t.getT2();
            if (head.lastDischarge() == null || !form.discharge().dischargeDate().isBefore(head.lastDischarge())) {
                // the latest discharge of the book (the usual case): settled on the ledger snapshot, no replay
                return settleNew(form, source, id, seq, head.book().settleAfter(head.ledger(), id, seq, form.discharge()), Map.of(), now);
            }
            // dated before another: load the entries (identities and grants are in the head) and replay
            return store.loadEntries(Map.of(form.personRef(), head.book())).map(books -> books.get(form.personRef())).flatMap(loaded ->
                    settleNew(form, source, id, seq, loaded.book().settle(id, seq, form.discharge()), loaded.meta(), now));
        });
    }

    private Mono<Result> settleNew(DischargeForm form, String source, UUID id, long seq, PersonBook.Outcome outcome,
                                   Map<UUID, BookStore.Meta> meta, Instant now) {
        Settlement s = outcome.settled();
        SettlementAnswer answer = SettlementAnswer.of(id, "SETTLED", form, s, now);
        List<Payment> originals = outcome.payments().stream().filter(p -> p.kind() == Payment.Kind.ORIGINAL).toList();
        List<BookStore.Announcement> announcements = new ArrayList<>();
        announcements.add(new BookStore.Announcement(Events.of(SettlementCompleted.Kind.SETTLED, id, form.personRef(), s,
                form.hospitalId(), form.hospitalSettlementRef(), originals, null, null, now), originals));
        announcements.addAll(store.adjustments(form.personRef(), outcome, meta, "DISCHARGE_OUT_OF_ORDER", id, now));
        return insertSettlement(id, seq, form, source, answer, now)
                .then(store.rememberMaskedId(form.personRef(), form.maskedIdNumber()))
                .then(store.record(form.personRef(), announcements, outcome.replay().ledger(), now))
                .then(Mono.fromRunnable(() -> {
                    metrics.payments(originals, null);
                    metrics.payments(outcome.payments().stream().filter(p -> p.kind() == Payment.Kind.ADJUSTMENT).toList(),
                            "DISCHARGE_OUT_OF_ORDER");
                }))
                .thenReturn(new Result(answer, false));
    }

    /**
     * Settles the records of one poll of {@code discharge.submitted.v1} in ONE transaction: the persons' locks in
     * {@code person_ref} order, one idempotency lookup, every affected book loaded at once, each new discharge settled
     * on its person's book in the poll's order exactly as {@link #settle} would settle it one after the other (so the
     * first answers, payments and adjustments are the per-record ones), then one multi-row insert per table.
     *
     * <p>Records whose hospital message id or reference repeats an earlier record of the same poll are not settled
     * here: they are returned as {@link BatchResult#deferred()}, to be settled one by one after this commit (then they
     * answer as retries or conflicts exactly as they would have one by one).
     *
     * @return one result per form, in the forms' order
     */
    public Mono<List<BatchResult>> settleBatch(List<DischargeForm> forms) {
        int n = forms.size();
        BatchResult[] results = new BatchResult[n];
        List<Integer> candidates = new ArrayList<>();
        java.util.Set<String> claimed = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            DischargeForm f = forms.get(i);
            String byMessage = "m\u0000" + f.hospitalId() + '\u0000' + f.messageId();
            String byRef = "r\u0000" + f.hospitalId() + '\u0000' + f.hospitalSettlementRef();
            if (claimed.contains(byMessage) || claimed.contains(byRef)) {
                results[i] = BatchResult.DEFERRED;
            } else {
                candidates.add(i);
            }
            claimed.add(byMessage);
            claimed.add(byRef);
        }
        if (candidates.isEmpty()) {
            return Mono.just(List.of(results));
        }
        Instant now = clock.instant();
        List<String> persons = candidates.stream().map(i -> forms.get(i).personRef()).distinct().toList();
        List<SettlementMetrics.Moved> moved = new ArrayList<>();
        return Mono.defer(() -> store.lockPersons(persons)
                        .then(earlierAll(forms, candidates, results))
                        .flatMap(fresh -> fresh.isEmpty() ? Mono.<Void>empty() : Mono.zip(store.heads(fresh.stream()
                                        .map(i -> forms.get(i).personRef()).distinct().toList()), store.nextSeqs(fresh.size()))
                                .flatMap(t -> {
                                    List<String> replayed = needReplay(forms, fresh, t.getT1());
                                    Map<String, PersonBook> contexts = new java.util.LinkedHashMap<>();
                                    replayed.forEach(p -> contexts.put(p, t.getT1().get(p).book()));
                                    Mono<Map<String, BookStore.Loaded>> full = replayed.isEmpty() ? Mono.just(Map.of()) : store.loadEntries(contexts);
                                    return full.flatMap(books -> settleAll(forms, fresh, t.getT1(), books, t.getT2(), results, moved, now));
                                })))
                .as(tx::transactional)
                .then(Mono.fromCallable(() -> {
                    for (int i = 0; i < n; i++) {
                        BatchResult r = results[i];
                        if (r.failure() == null && !r.deferred()) {
                            metrics.settlement(forms.get(i).policyRegion(), r.replayed() ? "replayed" : "settled");
                        }
                        if (r.failure() instanceof SettlementConflictException) {
                            metrics.settlement(forms.get(i).policyRegion(), "conflict");
                        }
                    }
                    moved.forEach(m -> metrics.payments(m.lines(), m.reason()));
                    return List.of(results);
                }));
    }

    /**
     * One record's outcome in a batch.
     *
     * @param replayed true: an earlier settlement answered it (nothing new stored)
     * @param failure  why it cannot be settled as given (to dead-letter), else null
     * @param deferred true: not attempted in the batch, settle it alone afterwards
     */
    public record BatchResult(boolean replayed, RuntimeException failure, boolean deferred) {
        static final BatchResult SETTLED = new BatchResult(false, null, false);
        static final BatchResult REPLAYED = new BatchResult(true, null, false);
        static final BatchResult DEFERRED = new BatchResult(false, null, true);
    }

    /** Marks the candidates already settled (replayed) or in conflict; returns those to settle, in the poll's order. */
    private Mono<List<Integer>> earlierAll(List<DischargeForm> forms, List<Integer> candidates, BatchResult[] results) {
        String[] h = new String[candidates.size()], m = new String[candidates.size()], r = new String[candidates.size()];
        for (int k = 0; k < candidates.size(); k++) {
            DischargeForm f = forms.get(candidates.get(k));
            h[k] = f.hospitalId();
            m[k] = f.messageId();
            r[k] = f.hospitalSettlementRef();
        }
        record Found(int k, long seq, String ref, String hash) {
        }
        return db.sql("""
                select k.n, s.seq, s.hospital_ref, s.content_hash
                from unnest($1::text[], $2::text[], $3::text[]) with ordinality as k(h, m, r, n)
                join settlement s on s.hospital_id = k.h and s.message_id = k.m
                union
                select k.n, s.seq, s.hospital_ref, s.content_hash
                from unnest($1::text[], $2::text[], $3::text[]) with ordinality as k(h, m, r, n)
                join settlement s on s.hospital_id = k.h and s.hospital_ref = k.r
                order by 1, 2""")
                .bind(0, h).bind(1, m).bind(2, r)
                .map((row, meta) -> new Found((int) (row.get(0, Long.class) - 1), row.get(1, Long.class), row.get(2, String.class),
                        row.get(3, String.class)))
                .all().collectList()
                .map(found -> {
                    Map<Integer, List<Found>> byK = new java.util.HashMap<>();
                    found.forEach(f -> byK.computeIfAbsent(f.k(), x -> new ArrayList<>()).add(f));
                    List<Integer> fresh = new ArrayList<>();
                    for (int k = 0; k < candidates.size(); k++) {
                        int i = candidates.get(k);
                        List<Found> earlier = byK.get(k);
                        if (earlier == null) {
                            fresh.add(i);
                            continue;
                        }
                        DischargeForm form = forms.get(i);
                        String hash = form.contentHash();
                        results[i] = BatchResult.REPLAYED;
                        for (Found f : earlier) {
                            if (!f.hash().equals(hash)) {
                                results[i] = new BatchResult(false, conflict(f.ref().equals(form.hospitalSettlementRef())), false);
                                break;
                            }
                        }
                    }
                    return fresh;
                });
    }

    private static SettlementConflictException conflict(boolean sameRef) {
        return new SettlementConflictException(sameRef ? "hospitalSettlementRef" : "messageId",
                sameRef ? "该医院结算流水号已用于内容不同的结算 (hospitalSettlementRef already settled with different content)"
                        : "该报文ID已用于另一笔结算 (messageId already used for another settlement)");
    }

    /**
     * The persons whose new discharges of the poll do not all come after their book's latest one (in the poll's
     * order): their books are loaded and replayed; the others are settled on their ledger snapshots.
     */
    private static List<String> needReplay(List<DischargeForm> forms, List<Integer> fresh, Map<String, BookStore.Head> heads) {
        Map<String, java.time.LocalDate> last = new java.util.HashMap<>();
        java.util.Set<String> replay = new java.util.LinkedHashSet<>();
        for (int i : fresh) {
            DischargeForm f = forms.get(i);
            java.time.LocalDate latest = last.containsKey(f.personRef()) ? last.get(f.personRef()) : heads.get(f.personRef()).lastDischarge();
            java.time.LocalDate date = f.discharge().dischargeDate();
            if (latest != null && date.isBefore(latest)) {
                replay.add(f.personRef());
            } else {
                last.put(f.personRef(), date);
            }
        }
        return List.copyOf(replay);
    }

    /** Settles the fresh records on their books in memory, in the poll's order, then writes everything at once. */
    private Mono<Void> settleAll(List<DischargeForm> forms, List<Integer> fresh, Map<String, BookStore.Head> heads,
                                 Map<String, BookStore.Loaded> books, List<Long> seqs, BatchResult[] results,
                                 List<SettlementMetrics.Moved> moved, Instant now) {
        Map<String, PersonBook> book = new java.util.HashMap<>();
        Map<String, org.onestop.policy.Ledger> snapshot = new java.util.HashMap<>();
        heads.forEach((person, head) -> {
            if (!books.containsKey(person)) {
                book.put(person, head.book());
                snapshot.put(person, head.ledger());
            }
        });
        Map<String, Map<UUID, BookStore.Meta>> meta = new java.util.HashMap<>();
        Map<String, List<BookStore.Announcement>> announcements = new java.util.LinkedHashMap<>();
        Map<String, org.onestop.policy.Ledger> ledgers = new java.util.HashMap<>();
        List<SettlementRow> rows = new ArrayList<>();
        int next = 0;
        for (int i : fresh) {
            DischargeForm form = forms.get(i);
            String person = form.personRef();
            PersonBook before = book.computeIfAbsent(person, p -> books.get(p).book());
            Map<UUID, BookStore.Meta> known = meta.computeIfAbsent(person,
                    p -> books.containsKey(p) ? new java.util.LinkedHashMap<>(books.get(p).meta()) : new java.util.LinkedHashMap<>());
            UUID id = UUID.randomUUID();
            long seq = seqs.get(next++);
            PersonBook.Outcome outcome;
            try {
                outcome = snapshot.containsKey(person)
                        ? before.settleAfter(snapshot.get(person), id, seq, form.discharge())
                        : before.settle(id, seq, form.discharge());
            } catch (org.onestop.policy.InvalidDischargeException | org.onestop.policy.PolicyNotInForceException e) {
                results[i] = new BatchResult(false, e, false); // as one by one: its transaction would roll back alone
                continue;
            }
            Settlement s = outcome.settled();
            SettlementAnswer answer = SettlementAnswer.of(id, "SETTLED", form, s, now);
            List<Payment> originals = outcome.payments().stream().filter(p -> p.kind() == Payment.Kind.ORIGINAL).toList();
            List<BookStore.Announcement> out = announcements.computeIfAbsent(person, p -> new ArrayList<>());
            out.add(new BookStore.Announcement(Events.of(SettlementCompleted.Kind.SETTLED, id, person, s,
                    form.hospitalId(), form.hospitalSettlementRef(), originals, null, null, now), originals));
            out.addAll(store.adjustments(person, outcome, known, "DISCHARGE_OUT_OF_ORDER", id, now));
            known.put(id, new BookStore.Meta(id, form.hospitalId(), form.hospitalSettlementRef()));
            book.put(person, outcome.book());
            ledgers.put(person, outcome.replay().ledger());
            if (snapshot.containsKey(person)) {
                snapshot.put(person, outcome.replay().ledger());
            }
            rows.add(new SettlementRow(id, seq, form, answer));
            moved.add(new SettlementMetrics.Moved(originals, null));
            moved.add(new SettlementMetrics.Moved(outcome.payments().stream().filter(p -> p.kind() == Payment.Kind.ADJUSTMENT).toList(),
                    "DISCHARGE_OUT_OF_ORDER"));
            results[i] = BatchResult.SETTLED;
        }
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        List<BookStore.PersonRecord> records = new ArrayList<>();
        announcements.forEach((person, list) -> records.add(new BookStore.PersonRecord(person, list, ledgers.get(person))));
        return insertSettlements(rows, "TOPIC", now).then(store.recordAll(records, now));
    }

    private record SettlementRow(UUID id, long seq, DischargeForm form, SettlementAnswer answer) {
    }

    /** Rows per multi-row insert: few distinct statement texts (one per size up to this) for the statement cache. */
    private static final int ROWS_PER_INSERT = 100;

    /**
     * The batch's settlement rows, with multi-row {@code insert … values} statements of plain parameters (text arrays
     * would have to escape every quote of the ~3 KB answer).
     */
    private Mono<Void> insertSettlements(List<SettlementRow> rows, String source, Instant now) {
        List<List<SettlementRow>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT)));
        }
        var at = now.atOffset(ZoneOffset.UTC);
        return reactor.core.publisher.Flux.fromIterable(chunks).concatMap(chunk -> {
            StringBuilder sql = new StringBuilder("""
                    insert into settlement (id, seq, person_ref, hospital_id, message_id, hospital_ref, content_hash, region_code,
                                            policy_region, discharge_date, discharge, answer, status, source, created_at) values """);
            for (int k = 0; k < chunk.size(); k++) {
                int p = 3 + k * 12;
                sql.append(k == 0 ? "" : ", ").append('(');
                for (int c = 0; c < 12; c++) {
                    sql.append('$').append(p + c).append(", ");
                }
                sql.append("'SETTLED', $1, $2)");
            }
            // one bindValues: each bind(…) would copy all bindings so far (quadratic in the parameters)
            List<Object> values = new ArrayList<>(2 + chunk.size() * 12);
            values.add(source);
            values.add(at);
            for (SettlementRow r : chunk) {
                DischargeForm f = r.form();
                values.addAll(List.of(r.id(), r.seq(), f.personRef(), f.hospitalId(), f.messageId(), f.hospitalSettlementRef(),
                        f.contentHash(), f.discharge().regionCode(), f.policyRegion(), f.discharge().dischargeDate(),
                        DischargeCodec.write(json, f.discharge()), json.writeValueAsString(r.answer())));
            }
            DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bindValues(values);
            return spec.fetch().rowsUpdated();
        }).then();
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

    /** The settlement, if it is {@code hospitalId}'s (null: whoever's); the owner check rides on the same round trip. */
    private Mono<Stored> stored(UUID id, String hospitalId) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                select id, person_ref, status, answer, reversed_at, policy_region from settlement
                where id = $1 and ($2::text is null or hospital_id = $2)""").bind(0, id);
        spec = hospitalId == null ? spec.bindNull(1, String.class) : spec.bind(1, hospitalId);
        return spec.map((row, meta) -> new Stored(row.get(0, UUID.class), row.get(1, String.class), row.get(2, String.class),
                        row.get(3, String.class), row.get(4, OffsetDateTime.class), row.get(5, String.class)))
                .one();
    }

    /** Another hospital's settlement is answered exactly as an unknown one, so ids cannot be probed. */
    private static NotFoundException noSettlement(UUID id) {
        return new NotFoundException("结算不存在 (no settlement " + id + ")");
    }

    /** The first answer with what happened since: status, reversal, adjustments. */
    public Mono<SettlementAnswer> get(UUID id) {
        return get(id, null);
    }

    /**
     * {@link #get(UUID)} for a caller who sees only {@code hospitalId}'s settlements (null: every hospital's).
     *
     * @throws NotFoundException (as the Mono's error) when there is none or it is another hospital's
     */
    public Mono<SettlementAnswer> get(UUID id, String hospitalId) {
        return stored(id, hospitalId).switchIfEmpty(Mono.error(() -> noSettlement(id)))
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
        return cancel(id, null);
    }

    /**
     * {@link #cancel(UUID)} for a caller who may cancel only {@code hospitalId}'s settlements (null: every hospital's);
     * another hospital's is not found and nothing changes.
     */
    public Mono<Result> cancel(UUID id, String hospitalId) {
        return stored(id, hospitalId).switchIfEmpty(Mono.error(() -> noSettlement(id)))
                .flatMap(first -> Mono.defer(() -> store.lockPerson(first.personRef(), null)
                                .then(stored(id, null))
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

    /**
     * Whether a caller restricted to {@code hospitalId} or to the area {@code regionPrefix} may see the person's
     * {@code year} (both null: an unrestricted caller, no query). A hospital may when it settled a discharge of the
     * person in that year (any status: it treated the person). An insurance office may when a settlement of that year
     * was insured in its area, or this service's identity view has an identity period of the person in its area
     * overlapping the year.
     */
    public Mono<Boolean> yearVisible(String personRef, int year, String hospitalId, String regionPrefix) {
        if (hospitalId == null && regionPrefix == null) {
            return Mono.just(true);
        }
        java.time.LocalDate from = java.time.LocalDate.of(year, 1, 1);
        java.time.LocalDate until = from.plusYears(1);
        DatabaseClient.GenericExecuteSpec spec = hospitalId != null
                ? db.sql("""
                        select exists (select 1 from settlement where person_ref = $1 and hospital_id = $4
                                       and discharge_date >= $2 and discharge_date < $3)""").bind(3, hospitalId)
                : db.sql("""
                        select exists (select 1 from settlement where person_ref = $1 and starts_with(region_code, $4)
                                       and discharge_date >= $2 and discharge_date < $3)
                            or exists (select 1 from identity_period where person_ref = $1 and starts_with(region_code, $4)
                                       and not superseded and valid_from < $3 and (valid_until is null or valid_until > $2))""")
                        .bind(3, regionPrefix);
        return spec.bind(0, personRef).bind(1, from).bind(2, until)
                .map((row, meta) -> Boolean.TRUE.equals(row.get(0, Boolean.class))).one().defaultIfEmpty(false);
    }

    /** The person's book as stored (no lock): for the year view. */
    public Mono<BookStore.Loaded> book(String personRef) {
        return store.load(personRef);
    }

}
