package org.onestop.settlement.settle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.onestop.events.SettlementCompleted;
import org.onestop.events.Topics;
import org.onestop.messaging.outbox.Outbox;
import org.onestop.messaging.outbox.OutboxEvent;
import org.onestop.policy.Discharge;
import org.onestop.policy.Grant;
import org.onestop.policy.IdentityPeriod;
import org.onestop.policy.Layer;
import org.onestop.policy.Ledger;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.settlement.book.Announced;
import org.onestop.settlement.book.Entry;
import org.onestop.settlement.book.Payment;
import org.onestop.settlement.book.PersonBook;
import org.onestop.settlement.book.RegionGrant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The persons' books in PostgreSQL, and the ONE place a change to them is written: {@link #write} stores everything an
 * operation on N books did (new settlement rows, reversals, masked ids, payment lines, the events in the outbox, the
 * ledger snapshots) inside the caller's transaction, for a bulk poll and for one HTTP settle alike. Also the lock, the
 * loads, and the idempotency lookup by hospital message id and reference.
 */
@Repository
public class BookStore {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final PolicyCatalog catalog;
    private final Outbox outbox;

    BookStore(DatabaseClient db, JsonMapper json, PolicyCatalog catalog, Outbox outbox) {
        this.db = db;
        this.json = json;
        this.catalog = catalog;
        this.outbox = outbox;
    }

    // ------------------------------------------------------------------ locks

    /**
     * Takes the row locks of the persons for the rest of the transaction (creating missing rows), in
     * {@code person_ref} order: every change of a person's book runs behind it, so two settlements of one person never
     * interleave and caps hold; two batches locking overlapping persons wait for each other instead of deadlocking.
     */
    public Mono<Void> lock(Collection<String> personRefs) {
        String[] refs = new TreeSet<>(personRefs).toArray(String[]::new);
        if (refs.length == 0) {
            return Mono.empty();
        }
        return db.sql("""
                insert into person (person_ref, masked_id) select r, '' from unnest($1::text[]) with ordinality as t(r, n)
                order by t.n on conflict (person_ref) do nothing""")
                .bind(0, refs).fetch().rowsUpdated()
                .then(db.sql("select person_ref from person where person_ref = any($1) order by person_ref for update")
                        .bind(0, refs).map((row, meta) -> 1).all().then());
    }

    /** Remembers each person's masked ID as first sent (kept once known); behind the persons' locks. */
    public Mono<Void> rememberMaskedIds(Map<String, String> maskedIdByPerson) {
        Map<String, String> known = new LinkedHashMap<>();
        maskedIdByPerson.forEach((person, masked) -> {
            if (masked != null) {
                known.putIfAbsent(person, masked);
            }
        });
        if (known.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                update person p set masked_id = t.m from unnest($1::text[], $2::text[]) as t(r, m)
                where p.person_ref = t.r and p.masked_id = ''""")
                .bind(0, known.keySet().toArray(String[]::new)).bind(1, known.values().toArray(String[]::new))
                .fetch().rowsUpdated().then();
    }

    public Mono<String> maskedId(String personRef) {
        return db.sql("select masked_id from person where person_ref = $1").bind(0, personRef)
                .map((row, meta) -> row.get(0, String.class)).one().filter(s -> !s.isEmpty());
    }

    // ------------------------------------------------------------------ loads

    public Mono<PersonBook> load(String personRef) {
        return loadAll(List.of(personRef)).map(books -> books.get(personRef));
    }

    /** Several persons' books (empty books for persons not seen yet), with four queries in all. */
    public Mono<Map<String, PersonBook>> loadAll(Collection<String> personRefs) {
        String[] refs = new LinkedHashSet<>(personRefs).toArray(String[]::new);
        return Mono.zip(identities(refs), grants(refs)).flatMap(t -> {
            Map<String, PersonBook> contexts = new LinkedHashMap<>();
            for (String ref : refs) {
                contexts.put(ref, new PersonBook(catalog, ref, t.getT1().getOrDefault(ref, List.of()),
                        t.getT2().getOrDefault(ref, List.of()), List.of()));
            }
            return loadEntries(contexts);
        });
    }

    /**
     * The books of those of the persons who have a surviving settlement; the others are absent (their books are empty,
     * so there is nothing to replay). One index lookup first, so a poll of identity events for persons never settled
     * (most of a roster) reads none of their identities, grants or payments back; the persons found cost the four
     * queries of {@link #loadAll}.
     */
    public Mono<Map<String, PersonBook>> loadSettled(Collection<String> personRefs) {
        String[] refs = new LinkedHashSet<>(personRefs).toArray(String[]::new);
        if (refs.length == 0) {
            return Mono.just(Map.of());
        }
        return db.sql("select distinct person_ref from settlement where person_ref = any($1) and status = 'SETTLED'")
                .bind(0, refs).map((row, meta) -> row.get(0, String.class)).all().collect(HashSet<String>::new, Set::add)
                .flatMap(settled -> {
                    List<String> found = new ArrayList<>(settled.size());
                    for (String ref : refs) {
                        if (settled.contains(ref)) {
                            found.add(ref); // in the callers' order
                        }
                    }
                    return found.isEmpty() ? Mono.just(Map.<String, PersonBook>of()) : loadAll(found);
                });
    }

    /**
     * The books of the persons whose identities and grants are already loaded ({@code contexts}: books without
     * entries, e.g. from {@link #heads}): their surviving settlements and what was paid on each, two queries.
     */
    public Mono<Map<String, PersonBook>> loadEntries(Map<String, PersonBook> contexts) {
        String[] refs = contexts.keySet().toArray(String[]::new);
        record Row(String person, UUID id, long seq, String discharge, String hospitalId, String hospitalRef) {
        }
        Mono<List<Row>> settlements = db.sql("""
                select person_ref, id, seq, discharge, hospital_id, hospital_ref from settlement
                where person_ref = any($1) and status = 'SETTLED' order by person_ref, seq""")
                .bind(0, refs)
                .map((row, meta) -> new Row(row.get(0, String.class), row.get(1, UUID.class), row.get(2, Long.class),
                        row.get(3, String.class), row.get(4, String.class), row.get(5, String.class)))
                .all().collectList();
        record Paid(UUID id, String layer, long fen) {
        }
        Mono<List<Paid>> paid = db.sql("""
                select p.settlement_id, p.layer, sum(p.amount_fen)::bigint from payment p join settlement s on s.id = p.settlement_id
                where s.person_ref = any($1) and s.status = 'SETTLED' group by p.settlement_id, p.layer""")
                .bind(0, refs)
                .map((row, meta) -> new Paid(row.get(0, UUID.class), row.get(1, String.class), row.get(2, Long.class)))
                .all().collectList();
        return Mono.zip(settlements, paid).map(t -> {
            Map<UUID, Map<Layer, Money>> paidBy = new HashMap<>();
            for (Paid p : t.getT2()) {
                paidBy.computeIfAbsent(p.id(), k -> new EnumMap<>(Layer.class)).put(Layer.valueOf(p.layer()), Money.ofFen(p.fen()));
            }
            Map<String, List<Entry>> entriesBy = new HashMap<>();
            for (Row r : t.getT1()) {
                Discharge d = DischargeCodec.read(json, r.discharge());
                entriesBy.computeIfAbsent(r.person(), k -> new ArrayList<>())
                        .add(new Entry(r.id(), r.seq(), d, paidBy.getOrDefault(r.id(), Map.of()), r.hospitalId(), r.hospitalRef()));
            }
            Map<String, PersonBook> books = new LinkedHashMap<>();
            for (String ref : refs) {
                books.put(ref, contexts.get(ref).withEntries(entriesBy.getOrDefault(ref, List.of())));
            }
            return books;
        });
    }

    /**
     * What settling a discharge dated after all of a person's surviving discharges needs, without loading them: the
     * identities and grants (the context of the new discharge), the latest surviving discharge date, and the ledger
     * snapshot, which every change of the book writes in its transaction as the ledger after a full replay. Valid
     * behind the person's lock only.
     *
     * @param book          identities and grants, no entries
     * @param lastDischarge the latest surviving discharge date, null when none
     */
    public record Head(PersonBook book, LocalDate lastDischarge, Ledger ledger) {
    }

    public Mono<Map<String, Head>> heads(Collection<String> personRefs) {
        String[] refs = new LinkedHashSet<>(personRefs).toArray(String[]::new);
        record HeadRow(String person, String ledger, LocalDate last) {
        }
        Mono<List<HeadRow>> heads = db.sql("""
                select p.person_ref, p.ledger,
                       (select max(s.discharge_date) from settlement s where s.person_ref = p.person_ref and s.status = 'SETTLED')
                from person p where p.person_ref = any($1)""")
                .bind(0, refs)
                .map((row, meta) -> new HeadRow(row.get(0, String.class), row.get(1, String.class), row.get(2, LocalDate.class)))
                .all().collectList();
        return Mono.zip(identities(refs), grants(refs), heads).map(t -> {
            Map<String, HeadRow> rows = new HashMap<>();
            t.getT3().forEach(r -> rows.put(r.person(), r));
            Map<String, Head> out = new LinkedHashMap<>();
            for (String ref : refs) {
                HeadRow r = rows.get(ref);
                PersonBook book = new PersonBook(catalog, ref, t.getT1().getOrDefault(ref, List.of()),
                        t.getT2().getOrDefault(ref, List.of()), List.of());
                out.put(ref, new Head(book, r == null ? null : r.last(), r == null ? Ledger.EMPTY : ledger(r.ledger())));
            }
            return out;
        });
    }

    private Mono<Map<String, List<IdentityPeriod>>> identities(String[] refs) {
        return db.sql("""
                select person_ref, identity_type, valid_from, valid_until from identity_period
                where person_ref = any($1) and not superseded order by person_ref, valid_from, period_id""")
                .bind(0, refs)
                .map((row, meta) -> Map.entry(row.get(0, String.class),
                        new IdentityPeriod(row.get(1, String.class), row.get(2, LocalDate.class), row.get(3, LocalDate.class))))
                .all().collect(HashMap::new, (by, e) -> by.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }

    private Mono<Map<String, List<RegionGrant>>> grants(String[] refs) {
        return db.sql("""
                select person_ref, id, policy_region, kind, application_date from grant_application
                where person_ref = any($1) and status = 'APPROVED' order by person_ref, created_at, id""")
                .bind(0, refs)
                .map((row, meta) -> Map.entry(row.get(0, String.class), new RegionGrant(row.get(2, String.class),
                        new Grant(row.get(1, UUID.class).toString(), row.get(3, String.class), row.get(4, LocalDate.class)))))
                .all().collect(HashMap::new, (by, e) -> by.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }

    private Ledger ledger(String text) {
        Map<String, Money> amounts = new LinkedHashMap<>();
        json.readTree(text).properties().forEach(e -> amounts.put(e.getKey(), Money.of(e.getValue().asString())));
        return amounts.isEmpty() ? Ledger.EMPTY : Ledger.of(amounts);
    }

    /** {@code n} fresh settlement sequence numbers, ascending. */
    public Mono<List<Long>> nextSeqs(int n) {
        return db.sql("select nextval('settlement_seq') from generate_series(1, $1)").bind(0, n)
                .map((row, meta) -> row.get(0, Long.class)).all().collectSortedList();
    }

    // ------------------------------------------------------------------ idempotency

    /** An earlier settlement sharing a request's hospital message id or reference. */
    public record Earlier(long seq, String hospitalRef, String contentHash, String answer) {
    }

    /**
     * For each form (by its index in {@code forms}), the earlier settlements of its hospital with its message id or its
     * hospital reference, oldest first; forms with none are absent. One query for the whole batch.
     */
    public Mono<Map<Integer, List<Earlier>>> earlier(List<DischargeForm> forms) {
        String[] h = new String[forms.size()], m = new String[forms.size()], r = new String[forms.size()];
        for (int k = 0; k < forms.size(); k++) {
            DischargeForm f = forms.get(k);
            h[k] = f.hospitalId();
            m[k] = f.messageId();
            r[k] = f.hospitalSettlementRef();
        }
        return db.sql("""
                select k.n, s.seq, s.hospital_ref, s.content_hash, s.answer
                from unnest($1::text[], $2::text[], $3::text[]) with ordinality as k(h, m, r, n)
                join settlement s on s.hospital_id = k.h and s.message_id = k.m
                union all
                select k.n, s.seq, s.hospital_ref, s.content_hash, s.answer
                from unnest($1::text[], $2::text[], $3::text[]) with ordinality as k(h, m, r, n)
                join settlement s on s.hospital_id = k.h and s.hospital_ref = k.r and s.message_id <> k.m
                order by 1, 2""")
                .bind(0, h).bind(1, m).bind(2, r)
                .map((row, meta) -> Map.entry((int) (row.get(0, Long.class) - 1), new Earlier(row.get(1, Long.class),
                        row.get(2, String.class), row.get(3, String.class), row.get(4, String.class))))
                .all().collect(LinkedHashMap::new, (by, e) -> by.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }

    // ------------------------------------------------------------------ the one writer

    /** A settlement to insert: its id and sequence, the validated request, its first answer and where it came from. */
    public record NewSettlement(UUID id, long seq, DischargeForm form, String answerJson, String source) {
    }

    /**
     * Everything one transaction changes on the books, collected as the aggregate's outcomes come in, then written by
     * {@link #write} at once. Not thread-safe: one per transaction.
     */
    public static final class Changes {

        private final List<NewSettlement> settlements = new ArrayList<>();
        private final List<UUID> reversed = new ArrayList<>();
        private final Map<String, String> maskedIds = new LinkedHashMap<>();
        private final List<Announced> events = new ArrayList<>();
        private final Map<String, Ledger> ledgers = new LinkedHashMap<>();

        /** A new settlement row (and the masked ID its request carried, if the person's is not known yet). */
        public Changes settled(NewSettlement s) {
            settlements.add(s);
            if (s.form().maskedIdNumber() != null) {
                maskedIds.putIfAbsent(s.form().personRef(), s.form().maskedIdNumber());
            }
            return this;
        }

        /** The settlement is cancelled: its row turns REVERSED. */
        public Changes reversed(UUID settlementId) {
            reversed.add(settlementId);
            return this;
        }

        /** What an operation on the person's book did: its events with their payment lines, and the ledger after it. */
        public Changes outcome(PersonBook.Outcome outcome) {
            events.addAll(outcome.events());
            ledgers.put(outcome.book().personRef(), outcome.replay().ledger());
            return this;
        }

        public boolean isEmpty() {
            return settlements.isEmpty() && reversed.isEmpty() && events.isEmpty() && ledgers.isEmpty();
        }
    }

    /** Rows per multi-row settlement insert: few distinct statement texts (one per size up to this) for the cache. */
    private static final int ROWS_PER_INSERT = 100;
    /** From this many events on, the outbox rows go by COPY (a multi-row INSERT is the slow part of a bulk poll). */
    private static final int COPY_FROM = 200;

    /**
     * Writes {@code changes} in the caller's transaction, one statement (or chunked statements) per table: settlement
     * rows, reversals, masked ids, payment lines (with the id of the event announcing them), the events in the outbox
     * in the order given (so one person's events keep their order), and the ledger snapshots. The money and its
     * announcement commit together or not at all.
     */
    public Mono<Void> write(Changes changes, Instant now) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return insertSettlements(changes.settlements, at)
                .then(reverse(changes.reversed, at))
                .then(rememberMaskedIds(changes.maskedIds))
                .then(insertPayments(changes.events, at))
                .then(appendEvents(changes.events))
                .then(updateLedgers(changes.ledgers, at));
    }

    private Mono<Void> insertSettlements(List<NewSettlement> rows, OffsetDateTime at) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        List<List<NewSettlement>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT)));
        }
        // plain parameters, not text arrays: an array would escape every quote of the ~3 KB answer
        return Flux.fromIterable(chunks).concatMap(chunk -> {
            StringBuilder sql = new StringBuilder("""
                    insert into settlement (id, seq, person_ref, hospital_id, message_id, hospital_ref, content_hash, region_code,
                                            policy_region, discharge_date, discharge, answer, status, source, created_at) values """);
            for (int k = 0; k < chunk.size(); k++) {
                int p = 2 + k * 13;
                sql.append(k == 0 ? "" : ", ").append('(');
                for (int c = 0; c < 12; c++) {
                    sql.append('$').append(p + c).append(", ");
                }
                sql.append("'SETTLED', $").append(p + 12).append(", $1)");
            }
            // one bindValues: each bind(…) would copy all bindings so far (quadratic in the parameters)
            List<Object> values = new ArrayList<>(1 + chunk.size() * 13);
            values.add(at);
            for (NewSettlement r : chunk) {
                DischargeForm f = r.form();
                values.addAll(List.of(r.id(), r.seq(), f.personRef(), f.hospitalId(), f.messageId(), f.hospitalSettlementRef(),
                        f.contentHash(), f.discharge().regionCode(), f.policyRegion(), f.discharge().dischargeDate(),
                        DischargeCodec.write(json, f.discharge()), r.answerJson(), r.source()));
            }
            return db.sql(sql.toString()).bindValues(values).fetch().rowsUpdated();
        }).then();
    }

    private Mono<Void> reverse(List<UUID> ids, OffsetDateTime at) {
        if (ids.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("update settlement set status = 'REVERSED', reversed_at = $2 where id = any($1)")
                .bind(0, ids.toArray(UUID[]::new)).bind(1, at).fetch().rowsUpdated().then();
    }

    private Mono<Void> insertPayments(List<Announced> events, OffsetDateTime at) {
        List<String> sid = new ArrayList<>(), kind = new ArrayList<>(), layer = new ArrayList<>(), fund = new ArrayList<>(),
                fen = new ArrayList<>(), reason = new ArrayList<>(), cause = new ArrayList<>(), event = new ArrayList<>(),
                clause = new ArrayList<>();
        for (Announced a : events) {
            SettlementCompleted e = a.event();
            for (Payment p : a.lines()) {
                sid.add(p.settlementId().toString());
                kind.add(p.kind().name());
                layer.add(p.layer().name());
                fund.add(p.fundCode());
                fen.add(Long.toString(p.amount().fen()));
                reason.add(e.reason());
                cause.add(e.causeId() == null ? null : e.causeId().toString());
                event.add(e.eventId().toString());
                clause.add(p.clause());
            }
        }
        if (sid.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                insert into payment (settlement_id, kind, layer, fund_code, amount_fen, reason, cause_id, event_id, created_at, clause)
                select t.sid::uuid, t.kind, t.layer, t.fund, t.fen::bigint, t.reason, t.cause::uuid, t.event::uuid, $9, t.clause
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $10::text[])
                     with ordinality as t(sid, kind, layer, fund, fen, reason, cause, event, clause, n) order by t.n""")
                .bind(0, sid.toArray(String[]::new)).bind(1, kind.toArray(String[]::new)).bind(2, layer.toArray(String[]::new))
                .bind(3, fund.toArray(String[]::new)).bind(4, fen.toArray(String[]::new)).bind(5, reason.toArray(String[]::new))
                .bind(6, cause.toArray(String[]::new)).bind(7, event.toArray(String[]::new)).bind(8, at)
                .bind(9, clause.toArray(String[]::new))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> appendEvents(List<Announced> events) {
        List<OutboxEvent> rows = new ArrayList<>(events.size());
        for (Announced a : events) {
            SettlementCompleted e = a.event();
            rows.add(new OutboxEvent(Topics.SETTLEMENT_COMPLETED, e.personRef(), e.eventId(), json.writeValueAsBytes(e),
                    e.recordedAt()));
        }
        return rows.size() >= COPY_FROM ? outbox.appendByCopy(rows) : outbox.append(rows);
    }

    private Mono<Void> updateLedgers(Map<String, Ledger> ledgers, OffsetDateTime at) {
        if (ledgers.isEmpty()) {
            return Mono.empty();
        }
        Map<String, String> texts = new LinkedHashMap<>();
        ledgers.forEach((person, ledger) -> {
            Map<String, String> m = new LinkedHashMap<>();
            ledger.asMap().forEach((k, v) -> m.put(k, v.toString()));
            texts.put(person, json.writeValueAsString(m));
        });
        return db.sql("""
                update person p set ledger = t.ledger, updated_at = $3
                from unnest($1::text[], $2::text[]) as t(ref, ledger) where p.person_ref = t.ref""")
                .bind(0, texts.keySet().toArray(String[]::new)).bind(1, texts.values().toArray(String[]::new)).bind(2, at)
                .fetch().rowsUpdated().then();
    }
}
