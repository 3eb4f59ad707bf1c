package org.onestop.settlement.settle;

import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.onestop.policy.InvalidDischargeException;
import org.onestop.policy.Ledger;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.settlement.book.Payment;
import org.onestop.settlement.book.PersonBook;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settle, pre-settle, cancel, re-settle and read. Each change runs in ONE R2DBC transaction: the persons' row locks, the
 * idempotency check, the operation on each person's book ({@link PersonBook}, which returns the payments and the
 * events), then {@link BookStore#write} of everything at once. An HTTP settle is a batch of one: {@link #settle} and
 * the bulk topic go through the same {@link #settleAll}.
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

    /**
     * One request's outcome in {@link #settleAll}.
     *
     * @param answer   the answer (the first one, marked replayed, when an earlier settlement answered it); null on failure
     * @param replayed true: an earlier settlement answered it (nothing new stored)
     * @param failure  why it cannot be settled as given (a 4xx, or a dead letter), else null
     */
    public record Settled(SettlementAnswer answer, boolean replayed, RuntimeException failure) {

        static Settled failed(RuntimeException failure) {
            return new Settled(null, false, failure);
        }
    }

    /** Pre-settlement (2303): the full breakdown under the person's current book, nothing stored. */
    public Mono<SettlementAnswer> preview(DischargeForm form) {
        return store.load(form.personRef()).map(book -> {
            metrics.settlement(form.policyRegion(), "previewed");
            return SettlementAnswer.of(null, "PREVIEW", form, book.preview(form.discharge()), clock.instant());
        });
    }

    /**
     * Settles (2304): {@link #settleAll} with one request. A request whose hospital message id or settlement reference
     * is known answers the first answer when its content is the same, and fails with
     * {@link SettlementConflictException} otherwise; one the engine rejects fails with its exception.
     *
     * @param source HTTP | TOPIC
     */
    public Mono<Result> settle(DischargeForm form, String source) {
        Timer.Sample sample = Timer.start();
        return settleAll(List.of(form), source).flatMap(results -> {
            Settled r = results.get(0);
            if (r.failure() != null) {
                return Mono.error(r.failure());
            }
            if (!r.replayed()) {
                sample.stop(metrics.settleTimer());
            }
            return Mono.just(new Result(r.answer(), r.replayed()));
        });
    }

    /**
     * Settles the requests in ONE transaction: the persons' locks in {@code person_ref} order, one idempotency lookup,
     * every affected book loaded at once, each new discharge settled on its person's book in the given order exactly as
     * one after the other (so answers, payments and adjustments are the per-request ones), then one write of it all.
     *
     * <p>A request whose hospital message id or reference repeats an earlier request of the same list is settled
     * alone after this commit (it then answers as a retry or a conflict, exactly as it would one by one). When the
     * transaction hits a unique constraint (a concurrent settle of the same hospital reference for another person took
     * it first), it runs once more: the other's row then answers the request as a retry or a conflict.
     *
     * @return one result per form, in the forms' order
     */
    public Mono<List<Settled>> settleAll(List<DischargeForm> forms, String source) {
        int n = forms.size();
        List<Integer> first = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < n; i++) {
            DischargeForm f = forms.get(i);
            String byMessage = "m\u0000" + f.hospitalId() + '\u0000' + f.messageId();
            String byRef = "r\u0000" + f.hospitalId() + '\u0000' + f.hospitalSettlementRef();
            (claimed.contains(byMessage) || claimed.contains(byRef) ? repeats : first).add(i);
            claimed.add(byMessage);
            claimed.add(byRef);
        }
        List<DischargeForm> batch = first.stream().map(forms::get).toList();
        return attempt(batch, source)
                .onErrorResume(DataIntegrityViolationException.class, e -> attempt(batch, source))
                .flatMap(settled -> {
                    Settled[] results = new Settled[n];
                    for (int k = 0; k < first.size(); k++) {
                        results[first.get(k)] = settled.get(k);
                    }
                    return Flux.fromIterable(repeats)
                            .concatMap(i -> settleAll(List.of(forms.get(i)), source).doOnNext(r -> results[i] = r.get(0)))
                            .then(Mono.fromCallable(() -> List.of(results)));
                });
    }

    /** One transaction over requests that share no hospital message id or reference. */
    private Mono<List<Settled>> attempt(List<DischargeForm> forms, String source) {
        return Mono.defer(() -> {
            Settled[] results = new Settled[forms.size()];
            List<SettlementMetrics.Moved> moved = new ArrayList<>();
            Instant now = clock.instant();
            Set<String> persons = new LinkedHashSet<>();
            forms.forEach(f -> persons.add(f.personRef()));
            return store.lock(persons)
                    .then(store.earlier(forms))
                    .flatMap(earlier -> {
                        List<Integer> fresh = answerKnown(forms, earlier, results);
                        return fresh.isEmpty() ? Mono.<Void>empty() : settleFresh(forms, fresh, results, moved, source, now);
                    })
                    .as(tx::transactional)
                    .then(Mono.fromCallable(() -> {
                        for (int i = 0; i < results.length; i++) {
                            Settled r = results[i];
                            String region = forms.get(i).policyRegion();
                            if (r.failure() == null) {
                                metrics.settlement(region, r.replayed() ? "replayed" : "settled");
                            } else if (r.failure() instanceof SettlementConflictException) {
                                metrics.settlement(region, "conflict");
                            }
                        }
                        moved.forEach(m -> metrics.payments(m.lines(), m.reason()));
                        return List.of(results);
                    }));
        });
    }

    /**
     * Answers the requests an earlier settlement shares a message id or reference with: the first answer when the
     * content is the same, a conflict otherwise. Returns the others (to settle), in order.
     */
    private List<Integer> answerKnown(List<DischargeForm> forms, Map<Integer, List<BookStore.Earlier>> earlier,
                                      Settled[] results) {
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            List<BookStore.Earlier> found = earlier.get(i);
            if (found == null) {
                fresh.add(i);
                continue;
            }
            DischargeForm form = forms.get(i);
            String hash = form.contentHash();
            results[i] = new Settled(json.readValue(found.get(0).answer(), SettlementAnswer.class).asReplayed(), true, null);
            for (BookStore.Earlier f : found) {
                if (!f.contentHash().equals(hash)) {
                    results[i] = Settled.failed(conflict(f.hospitalRef().equals(form.hospitalSettlementRef())));
                    break;
                }
            }
        }
        return fresh;
    }

    private static SettlementConflictException conflict(boolean sameRef) {
        return new SettlementConflictException(sameRef ? "hospitalSettlementRef" : "messageId",
                sameRef ? "该医院结算流水号已用于内容不同的结算 (hospitalSettlementRef already settled with different content)"
                        : "该报文ID已用于另一笔结算 (messageId already used for another settlement)");
    }

    /**
     * Settles the fresh requests on their persons' books in order, then writes everything at once. A person whose new
     * discharges all come after their book's latest one is settled on the ledger snapshot (no replay); any other
     * person's book is loaded whole and replayed.
     */
    private Mono<Void> settleFresh(List<DischargeForm> forms, List<Integer> fresh, Settled[] results,
                                   List<SettlementMetrics.Moved> moved, String source, Instant now) {
        Set<String> persons = new LinkedHashSet<>();
        fresh.forEach(i -> persons.add(forms.get(i).personRef()));
        return Mono.zip(store.heads(persons), store.nextSeqs(fresh.size())).flatMap(t -> {
            Map<String, BookStore.Head> heads = t.getT1();
            Map<String, PersonBook> contexts = new LinkedHashMap<>();
            needReplay(forms, fresh, heads).forEach(p -> contexts.put(p, heads.get(p).book()));
            Mono<Map<String, PersonBook>> full = contexts.isEmpty() ? Mono.just(Map.of()) : store.loadEntries(contexts);
            return full.flatMap(books -> {
                BookStore.Changes changes = settleOnBooks(forms, fresh, heads, books, t.getT2(), results, moved, source, now);
                return store.write(changes, now);
            });
        });
    }

    /**
     * The persons whose new discharges do not all come after their book's latest one (in the given order): their
     * books are loaded and replayed; the others are settled on their ledger snapshots.
     */
    private static Set<String> needReplay(List<DischargeForm> forms, List<Integer> fresh, Map<String, BookStore.Head> heads) {
        Map<String, LocalDate> last = new HashMap<>();
        Set<String> replay = new LinkedHashSet<>();
        for (int i : fresh) {
            DischargeForm f = forms.get(i);
            LocalDate latest = last.containsKey(f.personRef()) ? last.get(f.personRef()) : heads.get(f.personRef()).lastDischarge();
            LocalDate date = f.discharge().dischargeDate();
            if (latest != null && date.isBefore(latest)) {
                replay.add(f.personRef());
            } else {
                last.put(f.personRef(), date);
            }
        }
        return replay;
    }

    private BookStore.Changes settleOnBooks(List<DischargeForm> forms, List<Integer> fresh, Map<String, BookStore.Head> heads,
                                            Map<String, PersonBook> full, List<Long> seqs, Settled[] results,
                                            List<SettlementMetrics.Moved> moved, String source, Instant now) {
        Map<String, PersonBook> book = new HashMap<>(full);
        Map<String, Ledger> snapshot = new HashMap<>();
        heads.forEach((person, head) -> {
            if (!full.containsKey(person)) {
                book.put(person, head.book());
                snapshot.put(person, head.ledger());
            }
        });
        BookStore.Changes changes = new BookStore.Changes();
        int next = 0;
        for (int i : fresh) {
            DischargeForm form = forms.get(i);
            String person = form.personRef();
            PersonBook before = book.get(person);
            UUID id = UUID.randomUUID();
            long seq = seqs.get(next++);
            PersonBook.Outcome outcome;
            try {
                outcome = snapshot.containsKey(person)
                        ? before.settleAfter(snapshot.get(person), id, seq, form.discharge(), form.hospitalId(),
                                form.hospitalSettlementRef(), now)
                        : before.settle(id, seq, form.discharge(), form.hospitalId(), form.hospitalSettlementRef(), now);
            } catch (InvalidDischargeException | PolicyNotInForceException e) {
                results[i] = Settled.failed(e); // nothing of it is written; the others go on
                continue;
            }
            SettlementAnswer answer = SettlementAnswer.of(id, "SETTLED", form, outcome.settled(), now);
            changes.settled(new BookStore.NewSettlement(id, seq, form, answer, source)).outcome(outcome);
            book.put(person, outcome.book());
            if (snapshot.containsKey(person)) {
                snapshot.put(person, outcome.replay().ledger());
            }
            moved.add(new SettlementMetrics.Moved(kind(outcome, Payment.Kind.ORIGINAL), null));
            moved.add(new SettlementMetrics.Moved(kind(outcome, Payment.Kind.ADJUSTMENT), PersonBook.OUT_OF_ORDER));
            results[i] = new Settled(answer, false, null);
        }
        return changes;
    }

    private static List<Payment> kind(PersonBook.Outcome outcome, Payment.Kind kind) {
        return outcome.payments().stream().filter(p -> p.kind() == kind).toList();
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
                                Money.ofFen(row.get(2, Long.class)).toString(), row.get(3, String.class),
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
                .flatMap(first -> Mono.defer(() -> store.lock(List.of(first.personRef()))
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
        return store.load(s.personRef()).flatMap(book -> {
            PersonBook.Outcome outcome = book.cancel(s.id(), now);
            return store.write(new BookStore.Changes().reversed(s.id()).outcome(outcome), now)
                    .then(Mono.fromRunnable(() -> metrics.payments(outcome.payments(), PersonBook.CANCELLED)));
        });
    }

    /**
     * Re-settles the persons' books after their identities or grants changed (inside the caller's transaction, behind
     * their locks) and records an adjustment for every settlement and layer whose amount differs, in one write.
     *
     * @param causes the event or application that caused each person's re-settlement, by person
     * @param reason IDENTITY_CHANGED | GRANT_APPROVED
     * @return how many adjustment lines were issued, by person
     */
    public Mono<Map<String, Integer>> reconcileAll(Map<String, UUID> causes, String reason) {
        if (causes.isEmpty()) {
            return Mono.just(Map.of());
        }
        Instant now = clock.instant();
        return store.loadAll(causes.keySet()).flatMap(books -> {
            BookStore.Changes changes = new BookStore.Changes();
            Map<String, Integer> lines = new LinkedHashMap<>();
            List<Payment> payments = new ArrayList<>();
            books.forEach((person, book) -> {
                PersonBook.Outcome outcome = book.reconcile(reason, causes.get(person), now);
                changes.outcome(outcome);
                lines.put(person, outcome.payments().size());
                payments.addAll(outcome.payments());
            });
            return store.write(changes, now)
                    .then(Mono.fromRunnable(() -> metrics.payments(payments, reason)))
                    .thenReturn(lines);
        });
    }

    /** {@link #reconcileAll} of one person. */
    public Mono<Integer> reconcile(String personRef, String reason, UUID causeId) {
        return reconcileAll(Map.of(personRef, causeId), reason).map(lines -> lines.getOrDefault(personRef, 0));
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
        LocalDate from = LocalDate.of(year, 1, 1);
        LocalDate until = from.plusYears(1);
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
    public Mono<PersonBook> book(String personRef) {
        return store.load(personRef);
    }

}
