package org.onestop.settlement.settle;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.onestop.events.SettlementCompleted;
import org.onestop.events.Topics;
import org.onestop.policy.Discharge;
import org.onestop.policy.Grant;
import org.onestop.policy.IdentityPeriod;
import org.onestop.policy.Layer;
import org.onestop.policy.Ledger;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.Settlement;
import org.onestop.settlement.book.Entry;
import org.onestop.settlement.book.Payment;
import org.onestop.settlement.book.PersonBook;
import org.onestop.settlement.book.RegionGrant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's book in PostgreSQL: the lock, loading it, and recording what an operation on it did (payment lines,
 * their events in the outbox, the ledger snapshot), all inside the caller's transaction.
 */
@Repository
public class BookStore {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final PolicyCatalog catalog;

    BookStore(DatabaseClient db, JsonMapper json, PolicyCatalog catalog) {
        this.db = db;
        this.json = json;
        this.catalog = catalog;
    }

    /** What an event about an older settlement needs to say besides the money. */
    public record Meta(UUID id, String hospitalId, String hospitalRef) {
    }

    /** The book with the facts about its settlements that events repeat. */
    public record Loaded(PersonBook book, Map<UUID, Meta> meta) {
    }

    /**
     * Takes the person's row lock for the rest of the transaction (creating the row on first sight): every change
     * of a person's book runs behind it, so two settlements of one person never interleave and caps hold.
     */
    public Mono<Void> lockPerson(String personRef, String maskedId) {
        return db.sql("insert into person (person_ref, masked_id) values ($1, $2) on conflict (person_ref) do nothing")
                .bind(0, personRef).bind(1, maskedId == null ? "" : maskedId).fetch().rowsUpdated()
                .then(db.sql("select person_ref from person where person_ref = $1 for update").bind(0, personRef)
                        .map((row, meta) -> 1).one())
                .then();
    }

    public Mono<Void> rememberMaskedId(String personRef, String maskedId) {
        if (maskedId == null) {
            return Mono.empty();
        }
        return db.sql("update person set masked_id = $2 where person_ref = $1 and masked_id = ''")
                .bind(0, personRef).bind(1, maskedId).fetch().rowsUpdated().then();
    }

    public Mono<String> maskedId(String personRef) {
        return db.sql("select masked_id from person where person_ref = $1").bind(0, personRef)
                .map((row, meta) -> row.get(0, String.class)).one().filter(s -> !s.isEmpty());
    }

    public Mono<Loaded> load(String personRef) {
        return loadAll(List.of(personRef)).map(books -> books.get(personRef));
    }

    /**
     * Takes the row locks of several persons for the rest of the transaction (creating missing rows), in
     * {@code person_ref} order: two batches locking overlapping persons wait for each other instead of deadlocking,
     * and the HTTP path takes only one lock.
     */
    public Mono<Void> lockPersons(java.util.Collection<String> personRefs) {
        String[] refs = new java.util.TreeSet<>(personRefs).toArray(String[]::new);
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

    /** Several persons' books (empty books for persons not seen yet), with four queries in all. */
    public Mono<Map<String, Loaded>> loadAll(java.util.Collection<String> personRefs) {
        String[] refs = new java.util.LinkedHashSet<>(personRefs).toArray(String[]::new);
        record Identity(String person, IdentityPeriod period) {
        }
        Mono<List<Identity>> identities = db.sql("""
                select person_ref, identity_type, valid_from, valid_until from identity_period
                where person_ref = any($1) and not superseded order by person_ref, valid_from, period_id""")
                .bind(0, refs)
                .map((row, meta) -> new Identity(row.get(0, String.class),
                        new IdentityPeriod(row.get(1, String.class), row.get(2, LocalDate.class), row.get(3, LocalDate.class))))
                .all().collectList();
        record GrantRow(String person, RegionGrant grant) {
        }
        Mono<List<GrantRow>> grants = db.sql("""
                select person_ref, id, policy_region, kind, application_date from grant_application
                where person_ref = any($1) and status = 'APPROVED' order by person_ref, created_at, id""")
                .bind(0, refs)
                .map((row, meta) -> new GrantRow(row.get(0, String.class), new RegionGrant(row.get(2, String.class),
                        new Grant(row.get(1, UUID.class).toString(), row.get(3, String.class), row.get(4, LocalDate.class)))))
                .all().collectList();
        return Mono.zip(identities, grants).flatMap(t -> {
            Map<String, List<IdentityPeriod>> identitiesBy = new HashMap<>();
            for (Identity i : t.getT1()) {
                identitiesBy.computeIfAbsent(i.person(), k -> new ArrayList<>()).add(i.period());
            }
            Map<String, List<RegionGrant>> grantsBy = new HashMap<>();
            for (GrantRow g : t.getT2()) {
                grantsBy.computeIfAbsent(g.person(), k -> new ArrayList<>()).add(g.grant());
            }
            Map<String, PersonBook> contexts = new LinkedHashMap<>();
            for (String ref : refs) {
                contexts.put(ref, new PersonBook(catalog, identitiesBy.getOrDefault(ref, List.of()), grantsBy.getOrDefault(ref, List.of()),
                        List.of()));
            }
            return loadEntries(contexts);
        });
    }

    /**
     * The books of the persons whose identities and grants are already loaded ({@code contexts}: books without
     * entries, e.g. from {@link #heads}): their surviving settlements and what was paid on each, two queries.
     */
    public Mono<Map<String, Loaded>> loadEntries(Map<String, PersonBook> contexts) {
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
            Map<String, Map<UUID, Meta>> metaBy = new HashMap<>();
            for (Row r : t.getT1()) {
                Discharge d = DischargeCodec.read(json, r.discharge());
                entriesBy.computeIfAbsent(r.person(), k -> new ArrayList<>())
                        .add(new Entry(r.id(), r.seq(), d, paidBy.getOrDefault(r.id(), Map.of())));
                metaBy.computeIfAbsent(r.person(), k -> new LinkedHashMap<>()).put(r.id(), new Meta(r.id(), r.hospitalId(), r.hospitalRef()));
            }
            Map<String, Loaded> books = new LinkedHashMap<>();
            for (String ref : refs) {
                PersonBook context = contexts.get(ref);
                books.put(ref, new Loaded(new PersonBook(catalog, context.identities(), context.grants(), entriesBy.getOrDefault(ref, List.of())),
                        metaBy.getOrDefault(ref, new LinkedHashMap<>())));
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

    public Mono<Map<String, Head>> heads(java.util.Collection<String> personRefs) {
        String[] refs = new java.util.LinkedHashSet<>(personRefs).toArray(String[]::new);
        record Identity(String person, IdentityPeriod period) {
        }
        Mono<List<Identity>> identities = db.sql("""
                select person_ref, identity_type, valid_from, valid_until from identity_period
                where person_ref = any($1) and not superseded order by person_ref, valid_from, period_id""")
                .bind(0, refs)
                .map((row, meta) -> new Identity(row.get(0, String.class),
                        new IdentityPeriod(row.get(1, String.class), row.get(2, LocalDate.class), row.get(3, LocalDate.class))))
                .all().collectList();
        record GrantRow(String person, RegionGrant grant) {
        }
        Mono<List<GrantRow>> grants = db.sql("""
                select person_ref, id, policy_region, kind, application_date from grant_application
                where person_ref = any($1) and status = 'APPROVED' order by person_ref, created_at, id""")
                .bind(0, refs)
                .map((row, meta) -> new GrantRow(row.get(0, String.class), new RegionGrant(row.get(2, String.class),
                        new Grant(row.get(1, UUID.class).toString(), row.get(3, String.class), row.get(4, LocalDate.class)))))
                .all().collectList();
        record HeadRow(String person, String ledger, LocalDate last) {
        }
        Mono<List<HeadRow>> heads = db.sql("""
                select p.person_ref, p.ledger,
                       (select max(s.discharge_date) from settlement s where s.person_ref = p.person_ref and s.status = 'SETTLED')
                from person p where p.person_ref = any($1)""")
                .bind(0, refs)
                .map((row, meta) -> new HeadRow(row.get(0, String.class), row.get(1, String.class), row.get(2, LocalDate.class)))
                .all().collectList();
        return Mono.zip(identities, grants, heads).map(t -> {
            Map<String, List<IdentityPeriod>> identitiesBy = new HashMap<>();
            for (Identity i : t.getT1()) {
                identitiesBy.computeIfAbsent(i.person(), k -> new ArrayList<>()).add(i.period());
            }
            Map<String, List<RegionGrant>> grantsBy = new HashMap<>();
            for (GrantRow g : t.getT2()) {
                grantsBy.computeIfAbsent(g.person(), k -> new ArrayList<>()).add(g.grant());
            }
            Map<String, HeadRow> rows = new HashMap<>();
            t.getT3().forEach(r -> rows.put(r.person(), r));
            Map<String, Head> out = new LinkedHashMap<>();
            for (String ref : refs) {
                HeadRow r = rows.get(ref);
                PersonBook book = new PersonBook(catalog, identitiesBy.getOrDefault(ref, List.of()), grantsBy.getOrDefault(ref, List.of()),
                        List.of());
                out.put(ref, new Head(book, r == null ? null : r.last(), r == null ? Ledger.EMPTY : ledger(r.ledger())));
            }
            return out;
        });
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

    public Mono<Long> nextSeq() {
        return db.sql("select nextval('settlement_seq')").map((row, meta) -> row.get(0, Long.class)).one();
    }

    /** An event to write with its payment lines (their {@code event_id}). */
    public record Announcement(SettlementCompleted event, List<Payment> lines) {
    }

    /** What one operation on one person's book writes: its announcements and the ledger after it (null: unchanged). */
    public record PersonRecord(String personRef, List<Announcement> announcements, Ledger ledger) {
    }

    /**
     * Writes the payment lines and the events announcing them (outbox), and the ledger snapshot: the money and its
     * announcement commit together or not at all.
     */
    public Mono<Void> record(String personRef, List<Announcement> announcements, Ledger ledger, Instant now) {
        return recordAll(List.of(new PersonRecord(personRef, announcements, ledger)), now);
    }

    /**
     * {@link #record} for several persons at once: one multi-row statement per table (payment lines, outbox rows in
     * the given order, ledger snapshots).
     */
    public Mono<Void> recordAll(List<PersonRecord> records, Instant now) {
        List<String> sid = new ArrayList<>(), kind = new ArrayList<>(), layer = new ArrayList<>(), fund = new ArrayList<>(),
                fen = new ArrayList<>(), reason = new ArrayList<>(), cause = new ArrayList<>(), event = new ArrayList<>();
        List<String> oid = new ArrayList<>(), payload = new ArrayList<>(), key = new ArrayList<>();
        Map<String, String> ledgers = new LinkedHashMap<>();
        for (PersonRecord r : records) {
            for (Announcement a : r.announcements()) {
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
                }
                oid.add(e.eventId().toString());
                payload.add(json.writeValueAsString(e));
                key.add(r.personRef());
            }
            if (r.ledger() != null) {
                ledgers.put(r.personRef(), ledgerJson(r.ledger()));
            }
        }
        var at = now.atOffset(ZoneOffset.UTC);
        Mono<Void> payments = sid.isEmpty() ? Mono.empty() : db.sql("""
                insert into payment (settlement_id, kind, layer, fund_code, amount_fen, reason, cause_id, event_id, created_at)
                select t.sid::uuid, t.kind, t.layer, t.fund, t.fen::bigint, t.reason, t.cause::uuid, t.event::uuid, $9
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                     with ordinality as t(sid, kind, layer, fund, fen, reason, cause, event, n) order by t.n""")
                .bind(0, sid.toArray(String[]::new)).bind(1, kind.toArray(String[]::new)).bind(2, layer.toArray(String[]::new))
                .bind(3, fund.toArray(String[]::new)).bind(4, fen.toArray(String[]::new)).bind(5, reason.toArray(String[]::new))
                .bind(6, cause.toArray(String[]::new)).bind(7, event.toArray(String[]::new)).bind(8, at)
                .fetch().rowsUpdated().then();
        Mono<Void> outbox = oid.isEmpty() ? Mono.empty() : outbox(oid, payload, key, at);
        Mono<Void> snapshot = ledgers.isEmpty() ? Mono.empty() : ledgers.size() == 1
                ? db.sql("update person set ledger = $2, updated_at = $3 where person_ref = $1")
                        .bind(0, ledgers.keySet().iterator().next()).bind(1, ledgers.values().iterator().next()).bind(2, at)
                        .fetch().rowsUpdated().then()
                : db.sql("""
                        update person p set ledger = t.ledger, updated_at = $3
                        from unnest($1::text[], $2::text[]) as t(ref, ledger) where p.person_ref = t.ref""")
                        .bind(0, ledgers.keySet().toArray(String[]::new)).bind(1, ledgers.values().toArray(String[]::new)).bind(2, at)
                        .fetch().rowsUpdated().then();
        return payments.then(outbox).then(snapshot);
    }

    /** Outbox rows per multi-row insert (plain parameters: a text array would escape every quote of the payloads). */
    private static final int OUTBOX_ROWS_PER_INSERT = 100;

    private Mono<Void> outbox(List<String> ids, List<String> payloads, List<String> keys, java.time.OffsetDateTime at) {
        List<int[]> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += OUTBOX_ROWS_PER_INSERT) {
            chunks.add(new int[] {from, Math.min(ids.size(), from + OUTBOX_ROWS_PER_INSERT)});
        }
        return reactor.core.publisher.Flux.fromIterable(chunks).concatMap(c -> {
            StringBuilder sql = new StringBuilder("insert into outbox (event_id, topic, msg_key, payload, event_time) values ");
            for (int k = 0; k < c[1] - c[0]; k++) {
                int p = 3 + k * 3;
                sql.append(k == 0 ? "" : ", ").append("($").append(p).append(", $1, $").append(p + 1).append(", $").append(p + 2)
                        .append(", $2)");
            }
            List<Object> values = new ArrayList<>(2 + (c[1] - c[0]) * 3);
            values.add(Topics.SETTLEMENT_COMPLETED.name());
            values.add(at);
            for (int i = c[0]; i < c[1]; i++) {
                values.add(UUID.fromString(ids.get(i)));
                values.add(keys.get(i));
                values.add(payloads.get(i));
            }
            DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bindValues(values); // one copy, not one per bind
            return spec.fetch().rowsUpdated();
        }).then();
    }

    private String ledgerJson(Ledger ledger) {
        Map<String, String> m = new LinkedHashMap<>();
        ledger.asMap().forEach((k, v) -> m.put(k, v.toString()));
        return json.writeValueAsString(m);
    }

    /**
     * The ADJUSTED events of an operation: one per settlement whose amounts the replay changed.
     *
     * @param reason  IDENTITY_CHANGED | GRANT_APPROVED | DISCHARGE_OUT_OF_ORDER | SETTLEMENT_CANCELLED
     */
    public List<Announcement> adjustments(String personRef, PersonBook.Outcome outcome, Map<UUID, Meta> meta, String reason,
                                          UUID causeId, Instant now) {
        List<Announcement> out = new ArrayList<>();
        outcome.adjustments().forEach((settlementId, lines) -> {
            Settlement replayed = outcome.replay().settlements().get(settlementId);
            Meta m = meta.get(settlementId);
            out.add(new Announcement(Events.of(SettlementCompleted.Kind.ADJUSTED, settlementId, personRef, replayed,
                    m == null ? null : m.hospitalId(), m == null ? null : m.hospitalRef(), lines, reason, causeId, now), lines));
        });
        return out;
    }
}
