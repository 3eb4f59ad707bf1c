package org.onestop.enrollment.subsidy;

import io.r2dbc.spi.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.onestop.enrollment.subsidy.YearDecision.Status;
import org.onestop.events.IdentityType;
import org.onestop.policy.EnrollmentRules.SubsidyKind;
import org.onestop.policy.Money;
import org.onestop.messaging.copy.CopyIn;
import org.onestop.messaging.copy.CopyText;
import org.onestop.messaging.outbox.Outbox;
import org.onestop.messaging.outbox.OutboxEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The enrollment tables over R2DBC. Persons are loaded and written in bulk (one statement per table per batch: keys
 * as arrays, rows as one JSON array, the history and the outbox by {@code COPY}), so a batch of a thousand identity
 * events costs a handful of round trips.
 */
@Repository
class EnrollmentStore {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final JsonMapper json;

    EnrollmentStore(DatabaseClient db, Outbox outbox, JsonMapper json) {
        this.db = db;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * Serialises writers per person (the consumer's polls, on any replica, and the contribution endpoint): locks
     * {@code personRefs} (rows of {@code person_lock}, created when missing) until the transaction ends, in person
     * order and all at one point, so writers of different persons never wait on each other and two writers of one
     * person run one after the other. Everything a decision reads (the person's file, whether an event was
     * processed) is read after it. (Should PostgreSQL still report a deadlock, the poll is retried whole:
     * BatchConsumer treats it as transient.)
     */
    Mono<Void> lock(Collection<String> personRefs) {
        String[] sorted = personRefs.stream().sorted().distinct().toArray(String[]::new);
        // a row another writer inserted and has not committed makes this insert wait for that writer: then it exists
        return db.sql("""
                insert into person_lock (person_ref) select r from unnest($1::text[]) r order by r
                on conflict do nothing""")
                .bind(0, sorted).fetch().rowsUpdated()
                .then(db.sql("select person_ref from person_lock where person_ref = any($1) order by person_ref for update")
                        .bind(0, sorted).map((row, meta) -> 1).all().then());
    }

    Mono<Set<UUID>> processed(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("select event_id from processed_event where event_id = any($1)")
                .bind(0, eventIds.toArray(UUID[]::new))
                .map((row, meta) -> row.get(0, UUID.class)).all().collect(HashSet::new, Set::add);
    }

    Mono<Void> markProcessed(Map<UUID, String> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return Mono.empty();
        }
        List<String[]> rows = new ArrayList<>(outcomes.size());
        outcomes.forEach((id, outcome) -> rows.add(new String[] {id.toString(), outcome}));
        return db.sql("""
                insert into processed_event (event_id, outcome, processed_at)
                select (r->>0)::uuid, r->>1, $2 from jsonb_array_elements($1::jsonb) r
                on conflict (event_id) do nothing""")
                .bind(0, rows(rows)).bind(1, now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    /** The persons' files; a person never seen comes back empty. */
    Mono<Map<String, PersonEnrollment>> load(Collection<String> personRefs) {
        String[] refs = personRefs.toArray(String[]::new);
        Mono<Map<String, Object[]>> persons = db.sql("select person_ref, masked_id, as_of from person where person_ref = any($1)")
                .bind(0, refs)
                .map((row, meta) -> new Object[] {row.get("person_ref", String.class), row.get("masked_id", String.class),
                        row.get("as_of", LocalDate.class)})
                .all().collectMap(a -> (String) a[0]);
        Mono<Map<String, List<Period>>> periods = db.sql("""
                select person_ref, period_id, region_code, identity_type, valid_from, valid_to, status, recorded_on
                from identity_period where person_ref = any($1)""")
                .bind(0, refs)
                .map((row, meta) -> Map.entry(row.get("person_ref", String.class), new Period(row.get("period_id", UUID.class),
                        row.get("region_code", String.class), IdentityType.valueOf(row.get("identity_type", String.class)),
                        row.get("valid_from", LocalDate.class), row.get("valid_to", LocalDate.class),
                        Period.Status.valueOf(row.get("status", String.class)), row.get("recorded_on", LocalDate.class))))
                .all().collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
                .map(EnrollmentStore::lists);
        Mono<Map<String, List<Contribution>>> contributions = db.sql(
                "select person_ref, year, amount, paid_on from contribution where person_ref = any($1)")
                .bind(0, refs)
                .map((row, meta) -> Map.entry(row.get("person_ref", String.class), new Contribution(row.get("year", Integer.class),
                        money(row.get("amount", BigDecimal.class)), row.get("paid_on", LocalDate.class))))
                .all().collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
                .map(EnrollmentStore::lists);
        Mono<Map<String, List<YearDecision>>> years = db.sql("select * from person_year where person_ref = any($1)")
                .bind(0, refs)
                .map((row, meta) -> Map.entry(row.get("person_ref", String.class), decision(row)))
                .all().collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
                .map(EnrollmentStore::lists);
        return persons.zipWith(periods).zipWith(contributions).zipWith(years).map(t -> {
            Map<String, Object[]> p = t.getT1().getT1().getT1();
            Map<String, List<Period>> pe = t.getT1().getT1().getT2();
            Map<String, List<Contribution>> c = t.getT1().getT2();
            Map<String, List<YearDecision>> y = t.getT2();
            Map<String, PersonEnrollment> out = new LinkedHashMap<>();
            for (String ref : personRefs) {
                Object[] row = p.get(ref);
                Map<UUID, Period> ps = new LinkedHashMap<>();
                pe.getOrDefault(ref, List.of()).forEach(x -> ps.put(x.periodId(), x));
                Map<Integer, Contribution> cs = new HashMap<>();
                c.getOrDefault(ref, List.of()).forEach(x -> cs.put(x.year(), x));
                Map<Integer, YearDecision> ys = new HashMap<>();
                y.getOrDefault(ref, List.of()).forEach(x -> ys.put(x.year(), x));
                out.put(ref, new PersonEnrollment(ref, row == null ? null : (String) row[1], row == null ? null : (LocalDate) row[2],
                        ps, cs, ys));
            }
            return out;
        });
    }

    private static <T> Map<String, List<T>> lists(Map<String, Collection<T>> m) {
        Map<String, List<T>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    static YearDecision decision(Row row) {
        String kind = row.get("subsidy_kind", String.class);
        String type = row.get("identity_type", String.class);
        return new YearDecision(row.get("year", Integer.class), Status.valueOf(row.get("status", String.class)),
                row.get("reason", String.class), row.get("region_code", String.class), row.get("policy_region", String.class),
                row.get("policy_version", String.class), type == null ? null : IdentityType.valueOf(type),
                kind == null ? null : SubsidyKind.valueOf(kind), money(row.get("contribution", BigDecimal.class)),
                money(row.get("amount", BigDecimal.class)), money(row.get("province_amount", BigDecimal.class)),
                money(row.get("county_amount", BigDecimal.class)), money(row.get("refund", BigDecimal.class)),
                row.get("benefit_from", LocalDate.class), row.get("subsidized_until", LocalDate.class),
                row.get("clause", String.class));
    }

    static Money money(BigDecimal v) {
        return v == null ? null : Money.of(v.toPlainString());
    }

    private static String text(Money m) {
        return m == null ? null : m.toString();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    /**
     * Writes the persons' whole files back (they are small) and the changes with their events, by {@code COPY} in the
     * order given, so the relay's sequence follows the decisions (per person).
     */
    Mono<Void> save(Collection<PersonEnrollment> persons, List<SubsidyChange> changes, List<OutboxEvent> events, Instant now) {
        if (persons.isEmpty()) {
            return Mono.empty();
        }
        return savePersons(persons, now).then(savePeriods(persons, now)).then(saveContributions(persons, now))
                .then(saveYears(persons, now)).then(saveChanges(changes)).then(outbox.appendByCopy(events));
    }

    private Mono<Void> savePersons(Collection<PersonEnrollment> persons, Instant now) {
        List<String[]> rows = new ArrayList<>(persons.size());
        for (PersonEnrollment p : persons) {
            rows.add(new String[] {p.personRef(), p.maskedId(), p.asOf().toString()});
        }
        return db.sql("""
                insert into person (person_ref, masked_id, as_of, updated_at)
                select r->>0, r->>1, (r->>2)::date, $2 from jsonb_array_elements($1::jsonb) r
                on conflict (person_ref) do update set masked_id = coalesce(excluded.masked_id, person.masked_id),
                    as_of = excluded.as_of, updated_at = excluded.updated_at""")
                .bind(0, rows(rows)).bind(1, now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> savePeriods(Collection<PersonEnrollment> persons, Instant now) {
        List<String[]> rows = new ArrayList<>();
        for (PersonEnrollment p : persons) {
            for (Period x : p.periods().values()) {
                rows.add(new String[] {x.periodId().toString(), p.personRef(), x.regionCode(), x.type().name(),
                        x.validFrom().toString(), text(x.validTo()), x.status().name(), x.recordedOn().toString()});
            }
        }
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                insert into identity_period (period_id, person_ref, region_code, identity_type, valid_from, valid_to, status,
                                             recorded_on, updated_at)
                select (r->>0)::uuid, r->>1, r->>2, r->>3, (r->>4)::date, (r->>5)::date, r->>6, (r->>7)::date, $2
                from jsonb_array_elements($1::jsonb) r
                on conflict (period_id) do update set region_code = excluded.region_code, identity_type = excluded.identity_type,
                    valid_from = excluded.valid_from, valid_to = excluded.valid_to, status = excluded.status,
                    recorded_on = excluded.recorded_on, updated_at = excluded.updated_at""")
                .bind(0, rows(rows)).bind(1, now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> saveContributions(Collection<PersonEnrollment> persons, Instant now) {
        List<String[]> rows = new ArrayList<>();
        for (PersonEnrollment p : persons) {
            for (Contribution c : p.contributions().values()) {
                rows.add(new String[] {p.personRef(), Integer.toString(c.year()), c.amount().toString(), c.paidOn().toString()});
            }
        }
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                insert into contribution (person_ref, year, amount, paid_on, reported_at)
                select r->>0, (r->>1)::int, (r->>2)::numeric, (r->>3)::date, $2
                from jsonb_array_elements($1::jsonb) r
                on conflict (person_ref, year) do update set amount = excluded.amount, paid_on = excluded.paid_on,
                    reported_at = case when contribution.amount = excluded.amount and contribution.paid_on = excluded.paid_on
                                       then contribution.reported_at else excluded.reported_at end""")
                .bind(0, rows(rows)).bind(1, now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> saveYears(Collection<PersonEnrollment> persons, Instant now) {
        List<String[]> rows = new ArrayList<>();
        for (PersonEnrollment p : persons) {
            for (YearDecision d : p.years().values()) {
                rows.add(new String[] {p.personRef(), Integer.toString(d.year()), d.status().name(), d.reason(),
                        d.regionCode(), d.policyRegion(), d.policyVersion(), text(d.identityType()), text(d.kind()),
                        text(d.contribution()), text(d.amount()), text(d.provinceAmount()), text(d.countyAmount()),
                        text(d.refund()), text(d.benefitFrom()), text(d.subsidizedUntil()), d.clause()});
            }
        }
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                insert into person_year (person_ref, year, status, reason, region_code, policy_region, policy_version,
                    identity_type, subsidy_kind, contribution, amount, province_amount, county_amount, refund, benefit_from,
                    subsidized_until, clause, updated_at)
                select r->>0, (r->>1)::int, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, r->>8,
                       (r->>9)::numeric, (r->>10)::numeric, (r->>11)::numeric, (r->>12)::numeric, (r->>13)::numeric,
                       (r->>14)::date, (r->>15)::date, r->>16, $2
                from jsonb_array_elements($1::jsonb) r
                on conflict (person_ref, year) do update set status = excluded.status, reason = excluded.reason,
                    region_code = excluded.region_code, policy_region = excluded.policy_region,
                    policy_version = excluded.policy_version, identity_type = excluded.identity_type,
                    subsidy_kind = excluded.subsidy_kind, contribution = excluded.contribution, amount = excluded.amount,
                    province_amount = excluded.province_amount, county_amount = excluded.county_amount,
                    refund = excluded.refund, benefit_from = excluded.benefit_from,
                    subsidized_until = excluded.subsidized_until, clause = excluded.clause, updated_at = excluded.updated_at""")
                .bind(0, rows(rows)).bind(1, now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    /**
     * The history rows, streamed with {@code COPY … FROM STDIN} (insert-only, in the order given): binding 21
     * {@code text[]} arrays made the driver escape every element character by character, the largest single cost of a
     * batch in a profile of the benchmark.
     */
    private Mono<Void> saveChanges(List<SubsidyChange> changes) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        CopyText rows = new CopyText(changes.size() * 400);
        for (SubsidyChange c : changes) {
            YearDecision d = c.decision();
            rows.col(c.eventId()).col(c.personRef()).col(c.maskedId()).col(d.year()).col(c.change().name())
                    .col(d.regionCode()).col(d.policyRegion()).col(d.identityType().name()).col(d.kind().name())
                    .col(d.contribution()).col(c.amount()).col(d.provinceAmount()).col(d.countyAmount()).col(c.refund())
                    .col(c.change() == org.onestop.events.EnrollmentSubsidyChanged.Change.WITHDRAWN ? null : d.benefitFrom())
                    .col(d.subsidizedUntil()).col(c.reason()).col(d.clause()).col(c.causedBy()).col(c.decidedAt())
                    .col(SubsidyEvents.month(c.decidedAt())).endRow();
        }
        return CopyIn.copy(db, """
                copy subsidy_event (event_id, person_ref, masked_id, year, change, region_code, policy_region, identity_type,
                    subsidy_kind, contribution, amount, province_amount, county_amount, refund, benefit_from, subsidized_until,
                    reason, clause, caused_by, decided_at, month) from stdin""", rows);
    }

    /**
     * The rows as one JSON array of arrays of strings (null stays null), read back by {@code jsonb_array_elements} and
     * {@code r->>i}: one text parameter per statement instead of a {@code text[]} per column, which the driver encoded
     * character by character (issue 17's enrollment profile: its top self frames).
     */
    private String rows(List<String[]> rows) {
        return json.writeValueAsString(rows);
    }
}
