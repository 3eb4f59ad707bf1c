package org.onestop.settlement.settle;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.settlement.book.Payment;
import org.onestop.settlement.book.PersonBook;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settle use case, for N requests at once: the bulk topic hands it a poll, an HTTP settle
 * ({@link SettlementService#settle}) a list of one. Controller or consumer → here → {@link PersonBook} (payments and
 * events) → {@link BookStore#write} (the whole transaction), nothing else writes a settlement.
 */
@Service
public class Settler {

    private final BookStore store;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final Clock clock;
    private final SettlementMetrics metrics;

    Settler(BookStore store, TransactionalOperator tx, JsonMapper json, Clock clock, SettlementMetrics metrics) {
        this.store = store;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * One request's outcome in {@link #settleAll}.
     *
     * @param answer   the answer (the first one, marked replayed, when an earlier settlement answered it); null on failure
     * @param replayed true: an earlier settlement answered it (nothing new stored)
     * @param failure  why it cannot be settled as given (a 4xx, or a dead letter), else null
     * @param json     a new settlement's answer as stored (serialised once, for the row and the HTTP answer), else null
     */
    public record Settled(SettlementAnswer answer, boolean replayed, RuntimeException failure, String json) {

        Settled(SettlementAnswer answer, boolean replayed, RuntimeException failure) {
            this(answer, replayed, failure, null);
        }

        static Settled failed(RuntimeException failure) {
            return new Settled(null, false, failure);
        }
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

    /** Rolls back a transaction that wrote nothing (its lock rows included); never leaves {@link #attempt}. */
    private static final RuntimeException NOTHING_WRITTEN = new RuntimeException("nothing written", null, false, false) {
    };

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
                        return fresh.isEmpty() ? Mono.just(false) : settleFresh(forms, fresh, results, moved, source, now);
                    })
                    // requests that store nothing (retries, conflicts, rejections) leave nothing, not even a lock row
                    .flatMap(wrote -> wrote ? Mono.<Void>empty() : Mono.error(NOTHING_WRITTEN))
                    .as(tx::transactional)
                    .onErrorResume(e -> e == NOTHING_WRITTEN, e -> Mono.empty())
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
    private Mono<Boolean> settleFresh(List<DischargeForm> forms, List<Integer> fresh, Settled[] results,
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
                return store.write(changes, now).thenReturn(!changes.isEmpty());
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
            // serialised once: this text is the stored answer and, for an HTTP settle, the response body
            String answerJson = json.writeValueAsString(answer);
            changes.settled(new BookStore.NewSettlement(id, seq, form, answerJson, source)).outcome(outcome);
            book.put(person, outcome.book());
            if (snapshot.containsKey(person)) {
                snapshot.put(person, outcome.replay().ledger());
            }
            moved.add(new SettlementMetrics.Moved(kind(outcome, Payment.Kind.ORIGINAL), null));
            moved.add(new SettlementMetrics.Moved(kind(outcome, Payment.Kind.ADJUSTMENT), PersonBook.OUT_OF_ORDER));
            results[i] = new Settled(answer, false, null, answerJson);
        }
        return changes;
    }

    private static List<Payment> kind(PersonBook.Outcome outcome, Payment.Kind kind) {
        return outcome.payments().stream().filter(p -> p.kind() == kind).toList();
    }
}
