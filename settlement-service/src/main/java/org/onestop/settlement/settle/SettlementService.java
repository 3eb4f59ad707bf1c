package org.onestop.settlement.settle;

import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.onestop.policy.Money;
import org.onestop.settlement.book.Payment;
import org.onestop.settlement.book.PersonBook;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Settle, pre-settle, cancel, re-settle and read. Each change runs in ONE R2DBC transaction: the persons' row locks, the
 * operation on each person's book ({@link PersonBook}, which returns the payments and the events), then
 * {@link BookStore#write} of everything at once. An HTTP settle is a batch of one: {@link #settle} and the bulk topic
 * go through the same {@link Settler#settleAll}.
 */
@Service
public class SettlementService {

    private final DatabaseClient db;
    private final BookStore store;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final Clock clock;
    private final SettlementMetrics metrics;
    private final Settler settler;

    SettlementService(DatabaseClient db, BookStore store, TransactionalOperator tx, JsonMapper json, Clock clock,
                      SettlementMetrics metrics, Settler settler) {
        this.db = db;
        this.settler = settler;
        this.store = store;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The answer and whether it repeats an earlier one (idempotent retry); {@code json}: a new settlement's answer exactly
     * as stored (serialised once), null otherwise.
     */
    public record Result(SettlementAnswer answer, boolean replayed, String json) {

        Result(SettlementAnswer answer, boolean replayed) {
            this(answer, replayed, null);
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
     * Settles (2304): {@link Settler#settleAll} with one request. A request whose hospital message id or settlement reference
     * is known answers the first answer when its content is the same, and fails with
     * {@link SettlementConflictException} otherwise; one the engine rejects fails with its exception.
     *
     * @param source HTTP | TOPIC
     */
    public Mono<Result> settle(DischargeForm form, String source) {
        Timer.Sample sample = Timer.start();
        return settler.settleAll(List.of(form), source).flatMap(results -> {
            Settler.Settled r = results.get(0);
            if (r.failure() != null) {
                return Mono.error(r.failure());
            }
            if (!r.replayed()) {
                sample.stop(metrics.settleTimer());
            }
            return Mono.just(new Result(r.answer(), r.replayed(), r.json()));
        });
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

    /**
     * The id of {@code hospitalId}'s settlement its request {@code messageId} made, or whose {@code hospitalSettlementRef}
     * it is (exactly one of the two given); empty when there is none. Both are unique per hospital (the idempotency keys).
     */
    public Mono<UUID> idOf(String hospitalId, String messageId, String hospitalSettlementRef) {
        boolean byMessage = messageId != null;
        return db.sql("select id from settlement where hospital_id = $1 and " + (byMessage ? "message_id" : "hospital_ref") + " = $2")
                .bind(0, hospitalId).bind(1, byMessage ? messageId : hospitalSettlementRef)
                .map((row, meta) -> row.get(0, UUID.class)).one();
    }

    /** One of a hospital's settlements whose reference starts with {@code prefix}: the latest made, with its status. */
    public record Latest(UUID id, String hospitalSettlementRef, String status) {
    }

    /** {@link Latest} of {@code hospitalId} among its references starting with {@code prefix} (national 就诊ID, docs). */
    public Mono<Latest> latestWithRefPrefix(String hospitalId, String prefix) {
        return db.sql("""
                        select id, hospital_ref, status from settlement where hospital_id = $1 and starts_with(hospital_ref, $2)
                        order by seq desc limit 1""")
                .bind(0, hospitalId).bind(1, prefix)
                .map((row, meta) -> new Latest(row.get(0, UUID.class), row.get(1, String.class), row.get(2, String.class))).one();
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
        // persons with nothing settled (or all cancelled) are not loaded: nothing to adjust, their stored ledger is empty
        return store.loadSettled(causes.keySet()).flatMap(books -> {
            BookStore.Changes changes = new BookStore.Changes();
            Map<String, Integer> lines = new LinkedHashMap<>();
            List<Payment> payments = new ArrayList<>();
            causes.keySet().forEach(person -> lines.put(person, 0));
            books.forEach((person, book) -> {
                if (book.entries().isEmpty()) {
                    return;
                }
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
