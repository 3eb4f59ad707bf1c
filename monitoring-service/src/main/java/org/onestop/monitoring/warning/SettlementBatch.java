package org.onestop.monitoring.warning;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.onestop.events.MonitoringAlert;
import org.onestop.events.SettlementCompleted;
import org.onestop.events.Topics;
import org.onestop.messaging.outbox.Outbox;
import org.onestop.messaging.outbox.OutboxEvent;
import org.onestop.monitoring.MonitoringProperties;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.Layer;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.RegionPolicy;
import org.onestop.policy.VisitType;
import org.onestop.policy.WarningRules;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Absorbs one poll of {@code settlement.completed.v1} in ONE database transaction, with a fixed number of statements
 * whatever the poll's size: the event ids recorded in one statement (what was absorbed before is a duplicate); the
 * affected settlements, person-year compositions, identities and raised lines loaded in one query each; the events
 * then applied one by one in memory in their order (so a line crossed mid-poll is raised at the event that crossed it,
 * a cancellation that came before its settlement is netted when the settlement comes, and each line is raised once);
 * burdens, warnings, routes, webhook deliveries and outbox rows written with one multi-row statement each.
 *
 * <p>The one path: a single event (the per-record fallback when a poll fails for a reason other than the database
 * being away) is a poll of one, so the results of a poll equal its events absorbed one by one in their order.
 */
@Service
public class SettlementBatch {

    private static final Duration DB_TIMEOUT = Duration.ofMinutes(2);
    private static final String TOPIC = Topics.SETTLEMENT_COMPLETED.name();
    /** Layers that are insurance (the burden after insurance is what they leave) or paid outside the bill. */
    private static final Set<String> NOT_ASSISTANCE =
            Set.of(Layer.BASIC.name(), Layer.CRITICAL_ILLNESS.name(), Layer.CARE_GRANT.name());

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PolicyCatalog catalog;
    private final WarningLines lines;
    private final JsonMapper json;
    private final WarningMetrics metrics;
    private final MonitoringProperties properties;
    private final Outbox outbox;

    SettlementBatch(DatabaseClient db, TransactionalOperator tx, PolicyCatalog catalog, JsonMapper json,
                    WarningMetrics metrics, MonitoringProperties properties, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
        this.catalog = catalog;
        this.lines = new WarningLines(catalog);
        this.json = json;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** A settlement event checked before any transaction: everything derived from it that could fail has been derived. */
    public record Prepared(SettlementCompleted event, String region, Integer year, String visitType, InsuranceType insurance,
                           long afterInsurance, long afterAssistance) {
    }

    /**
     * Derives what the absorption needs from the event; throws {@link IllegalArgumentException} (or
     * {@link NullPointerException}) when the event can never be absorbed (unknown visit or insurance type, bad amount).
     */
    public Prepared prepare(SettlementCompleted event) {
        long afterInsurance = fen(event.burdenAfterInsurance());
        long afterAssistance = afterInsurance - assistancePaid(event);
        String region = event.regionCode() == null ? null : catalog.policyRegionOf(event.regionCode()).orElse(null);
        Integer year = event.dischargeDate() == null ? null : event.dischargeDate().getYear();
        String visitType = event.visitType() == null ? null : VisitType.valueOf(event.visitType()).name();
        InsuranceType insurance = event.insuranceType() == null ? null : InsuranceType.valueOf(event.insuranceType());
        return new Prepared(event, region, year, visitType, insurance, afterInsurance, afterAssistance);
    }

    /** What a poll came to (counts, for the caller's log and the tests). */
    public record Result(int applied, int duplicate, int unplaced, int raised) {
    }

    /** Absorbs the poll; blocks until its one transaction has committed (or throws, and nothing of it is kept). */
    public Result absorb(List<Prepared> poll) {
        long started = System.nanoTime();
        // a redelivered record may repeat inside one poll: its first occurrence counts
        LinkedHashMap<UUID, Prepared> unique = new LinkedHashMap<>();
        for (Prepared p : poll) {
            unique.putIfAbsent(p.event().eventId(), p);
        }
        Plan plan = tx.transactional(Mono.defer(() -> ProcessedEvents.firstTimes(db, unique.keySet(), TOPIC).flatMap(fresh -> {
                    List<Prepared> events = unique.values().stream().filter(p -> fresh.contains(p.event().eventId())).toList();
                    if (events.isEmpty()) {
                        return Mono.just(new Plan(List.of()));
                    }
                    Set<UUID> settlements = new HashSet<>();
                    Set<String> persons = new HashSet<>();
                    for (Prepared p : events) {
                        settlements.add(p.event().settlementId());
                        persons.add(p.event().personRef());
                    }
                    return Mono.zip(settlementStates(settlements), compositions(persons), identities(persons), raisedLines(persons))
                            .map(t -> plan(events, t.getT1(), t.getT2(), t.getT3(), t.getT4()))
                            .flatMap(p -> writeBurdens(p).then(writeWarnings(p)).thenReturn(p));
                })))
                .block(DB_TIMEOUT);
        metrics.absorbTimer().record(Duration.ofNanos(System.nanoTime() - started));
        int applied = 0;
        int unplaced = 0;
        for (Step s : plan.steps) {
            if (s.unplaced()) {
                unplaced++;
            } else {
                applied++;
            }
        }
        int duplicate = poll.size() - applied - unplaced;
        int raised = 0;
        for (NewWarning w : plan.inserted) {
            metrics.raised(w.region(), w.crossing().line().id());
            w.crossing().line().departments().forEach(d -> metrics.routed(w.region(), w.crossing().line().id(), d));
            raised++;
        }
        // the event counters last: whoever sees a poll's events counted also sees its warnings counted
        count("applied", applied);
        count("unplaced", unplaced);
        count("duplicate", duplicate);
        return new Result(applied, duplicate, unplaced, raised);
    }

    private void count(String outcome, int n) {
        if (n > 0) {
            metrics.event(TOPIC, outcome, n);
        }
    }

    // ---------------------------------------------------------------- the plan (pure, in memory)

    /** One event's outcome. */
    private record Step(Prepared event, boolean unplaced) {
    }

    /** A line reached by an event of the poll, not raised before. */
    private record NewWarning(UUID id, Prepared event, String region, int year, Crossing crossing, Set<String> identities) {
    }

    /** Summed deltas of one settlement over the poll (the row written with one upsert). */
    private static final class Delta {
        String person;
        String region;
        Integer year;
        String visitType;
        String insurance;
        boolean first = true;
        long afterInsurance;
        long afterAssistance;
        int events;
    }

    /** A settlement's stored row as the poll's events change it. */
    private static final class State {
        String person;
        String region;
        Integer year;
        String visitType;
        long afterInsurance;
        long afterAssistance;

        boolean placed() {
            return region != null && year != null && visitType != null;
        }
    }

    private record Period(String type, LocalDate from, LocalDate to) {
    }

    private static final class Plan {
        final List<Step> steps;
        final Map<UUID, Delta> deltas = new LinkedHashMap<>();
        final List<NewWarning> warnings = new ArrayList<>();
        List<NewWarning> inserted = List.of();

        Plan(List<Step> steps) {
            this.steps = steps;
        }
    }

    private static String key(String person, String region, int year) {
        return person + '|' + region + '|' + year;
    }

    private Plan plan(List<Prepared> events, Map<UUID, State> states, Map<String, EnumMap<VisitType, long[]>> compositions,
                      Map<String, List<Period>> identities, Map<String, Set<String>> raised) {
        List<Step> steps = new ArrayList<>(events.size());
        Plan plan = new Plan(steps);
        for (Prepared p : events) {
            SettlementCompleted e = p.event();
            // the row, as the per-event upsert leaves it: placement kept once set, deltas summed
            Delta d = plan.deltas.computeIfAbsent(e.settlementId(), k -> new Delta());
            if (d.first) {
                d.first = false;
                d.person = e.personRef();
            }
            d.region = d.region != null ? d.region : p.region();
            d.year = d.year != null ? d.year : p.year();
            d.visitType = d.visitType != null ? d.visitType : p.visitType();
            d.insurance = p.insurance() != null ? p.insurance().name() : d.insurance;
            d.afterInsurance += p.afterInsurance();
            d.afterAssistance += p.afterAssistance();
            d.events++;

            State s = states.computeIfAbsent(e.settlementId(), k -> {
                State n = new State();
                n.person = e.personRef();
                return n;
            });
            boolean wasPlaced = s.placed();
            s.region = s.region != null ? s.region : p.region();
            s.year = s.year != null ? s.year : p.year();
            s.visitType = s.visitType != null ? s.visitType : p.visitType();
            s.afterInsurance += p.afterInsurance();
            s.afterAssistance += p.afterAssistance();
            if (!s.placed()) {
                steps.add(new Step(p, true));
                continue;
            }
            // the person-year's composition counts a placed settlement's whole row
            long[] part = compositions.computeIfAbsent(key(s.person, s.region, s.year), k -> new EnumMap<>(VisitType.class))
                    .computeIfAbsent(VisitType.valueOf(s.visitType), k -> new long[2]);
            if (wasPlaced) {
                part[0] += p.afterInsurance();
                part[1] += p.afterAssistance();
            } else {
                part[0] += s.afterInsurance;
                part[1] += s.afterAssistance;
            }
            steps.add(new Step(p, false));
            LocalDate date = e.dischargeDate();
            if (date == null || e.regionCode() == null || p.afterInsurance() <= 0 && p.afterAssistance() <= 0) {
                continue; // a burden that did not grow reaches no line
            }
            RegionPolicy policy = lines.policyFor(e.regionCode(), date);
            if (policy == null || policy.warnings().isEmpty()) {
                continue;
            }
            String person = e.personRef();
            String yearKey = key(person, s.region, s.year);
            Set<String> held = new TreeSet<>();
            for (Period period : identities.getOrDefault(person, List.of())) {
                if (!period.from().isAfter(date) && (period.to() == null || !period.to().isBefore(date))) {
                    held.add(period.type());
                }
            }
            Set<String> already = raised.computeIfAbsent(yearKey, k -> new HashSet<>());
            List<Crossing> crossings = lines.reached(policy, date, p.insurance(), held,
                    composition(compositions.get(yearKey)), already);
            for (Crossing c : crossings) {
                already.add(c.line().id());
                plan.warnings.add(new NewWarning(UUID.randomUUID(), p, s.region, s.year, c, held));
            }
        }
        return plan;
    }

    private static Composition composition(EnumMap<VisitType, long[]> parts) {
        if (parts == null) {
            return Composition.EMPTY;
        }
        EnumMap<VisitType, Composition.VisitBurden> m = new EnumMap<>(VisitType.class);
        parts.forEach((type, v) -> m.put(type, new Composition.VisitBurden(v[0], v[1])));
        return new Composition(m);
    }

    // ---------------------------------------------------------------- reads (one query each)

    private Mono<Map<UUID, State>> settlementStates(Set<UUID> settlements) {
        return db.sql("""
                        select settlement_id, person_ref, policy_region, year, visit_type, after_insurance, after_assistance
                        from settlement_burden join unnest($1::text[]) as k(id) on settlement_id = k.id::uuid""")
                .bind(0, settlements.stream().map(UUID::toString).toArray(String[]::new))
                .map((row, meta) -> {
                    State s = new State();
                    s.person = row.get("person_ref", String.class);
                    s.region = row.get("policy_region", String.class);
                    s.year = row.get("year", Integer.class);
                    s.visitType = row.get("visit_type", String.class);
                    s.afterInsurance = number(row.get("after_insurance"));
                    s.afterAssistance = number(row.get("after_assistance"));
                    return Map.entry(row.get("settlement_id", UUID.class), s);
                })
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    private Mono<Map<String, EnumMap<VisitType, long[]>>> compositions(Set<String> persons) {
        return db.sql("""
                        select person_ref, policy_region, year, visit_type, sum(after_insurance) as ai, sum(after_assistance) as aa
                        from settlement_burden join unnest($1::text[]) as k(ref) on person_ref = k.ref
                        where policy_region is not null and year is not null and visit_type is not null
                        group by person_ref, policy_region, year, visit_type""")
                .bind(0, persons.toArray(String[]::new))
                .map((row, meta) -> new Object[] {key(row.get("person_ref", String.class), row.get("policy_region", String.class),
                        row.get("year", Integer.class)), VisitType.valueOf(row.get("visit_type", String.class)),
                        new long[] {number(row.get("ai")), number(row.get("aa"))}})
                .all()
                .collect(HashMap::new, (Map<String, EnumMap<VisitType, long[]>> m, Object[] r) ->
                        m.computeIfAbsent((String) r[0], k -> new EnumMap<>(VisitType.class)).put((VisitType) r[1], (long[]) r[2]));
    }

    private Mono<Map<String, List<Period>>> identities(Set<String> persons) {
        return db.sql("""
                        select person_ref, identity_type, valid_from, valid_to
                        from identity_period join unnest($1::text[]) as k(ref) on person_ref = k.ref
                        where not superseded""")
                .bind(0, persons.toArray(String[]::new))
                .map((row, meta) -> Map.entry(row.get("person_ref", String.class), new Period(row.get("identity_type", String.class),
                        row.get("valid_from", LocalDate.class), row.get("valid_to", LocalDate.class))))
                .all()
                .collect(HashMap::new, (Map<String, List<Period>> m, Map.Entry<String, Period> e) ->
                        m.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }

    private Mono<Map<String, Set<String>>> raisedLines(Set<String> persons) {
        return db.sql("""
                        select person_ref, policy_region, year, line_id
                        from warning join unnest($1::text[]) as k(ref) on person_ref = k.ref""")
                .bind(0, persons.toArray(String[]::new))
                .map((row, meta) -> Map.entry(key(row.get("person_ref", String.class), row.get("policy_region", String.class),
                        row.get("year", Integer.class)), row.get("line_id", String.class)))
                .all()
                .collect(HashMap::new, (Map<String, Set<String>> m, Map.Entry<String, String> e) ->
                        m.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    }

    /** Display data from identity events: the mask only, never a birth date beside it (docs/security.md). */
    private record PersonInfo(String maskedIdNumber, String householdRef) {
        static final PersonInfo UNKNOWN = new PersonInfo(null, null);
    }

    private Mono<Map<String, PersonInfo>> personInfo(Set<String> persons) {
        return db.sql("""
                        select person_ref, masked_id_number, household_ref
                        from person join unnest($1::text[]) as k(ref) on person_ref = k.ref""")
                .bind(0, persons.toArray(String[]::new))
                .map((row, meta) -> Map.entry(row.get("person_ref", String.class), new PersonInfo(
                        row.get("masked_id_number", String.class), row.get("household_ref", String.class))))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    // ---------------------------------------------------------------- writes (one multi-row statement each)

    private Mono<Void> writeBurdens(Plan plan) {
        if (plan.deltas.isEmpty()) {
            return Mono.empty();
        }
        int n = plan.deltas.size();
        String[] ids = new String[n];
        String[] persons = new String[n];
        String[] regions = new String[n];
        String[] years = new String[n];
        String[] visits = new String[n];
        String[] insurances = new String[n];
        String[] ai = new String[n];
        String[] aa = new String[n];
        String[] counts = new String[n];
        int i = 0;
        for (Map.Entry<UUID, Delta> e : plan.deltas.entrySet()) {
            Delta d = e.getValue();
            ids[i] = e.getKey().toString();
            persons[i] = d.person;
            regions[i] = d.region;
            years[i] = d.year == null ? null : d.year.toString();
            visits[i] = d.visitType;
            insurances[i] = d.insurance;
            ai[i] = Long.toString(d.afterInsurance);
            aa[i] = Long.toString(d.afterAssistance);
            counts[i] = Integer.toString(d.events);
            i++;
        }
        return db.sql("""
                        insert into settlement_burden (settlement_id, person_ref, policy_region, year, visit_type,
                            insurance_type, after_insurance, after_assistance, events)
                        select t.id::uuid, t.person, t.region, t.y::integer, t.visit, t.ins, t.ai::bigint, t.aa::bigint, t.n::integer
                        from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                                    $8::text[], $9::text[]) as t(id, person, region, y, visit, ins, ai, aa, n)
                        on conflict (settlement_id) do update set
                            policy_region = coalesce(settlement_burden.policy_region, excluded.policy_region),
                            year = coalesce(settlement_burden.year, excluded.year),
                            visit_type = coalesce(settlement_burden.visit_type, excluded.visit_type),
                            insurance_type = coalesce(excluded.insurance_type, settlement_burden.insurance_type),
                            after_insurance = settlement_burden.after_insurance + excluded.after_insurance,
                            after_assistance = settlement_burden.after_assistance + excluded.after_assistance,
                            events = settlement_burden.events + excluded.events,
                            updated_at = now()""")
                .bind(0, ids).bind(1, persons).bind(2, regions).bind(3, years).bind(4, visits).bind(5, insurances)
                .bind(6, ai).bind(7, aa).bind(8, counts)
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> writeWarnings(Plan plan) {
        if (plan.warnings.isEmpty()) {
            return Mono.empty();
        }
        Instant now = Instant.now();
        List<NewWarning> ws = plan.warnings;
        int n = ws.size();
        String[][] cols = new String[15][n];
        Map<UUID, Map<String, String>> compositions = new HashMap<>();
        for (int i = 0; i < n; i++) {
            NewWarning w = ws.get(i);
            Crossing c = w.crossing();
            WarningRules.Line line = c.line();
            Map<String, String> composition = new LinkedHashMap<>();
            c.parts().forEach((type, fen) -> composition.put(type.name(), Money.ofFen(fen).toString()));
            compositions.put(w.id(), composition);
            String[] row = {w.id().toString(), w.event().event().personRef(), w.region(), c.policy().version(),
                    Integer.toString(w.year()), line.id(), line.name(), line.clause(), line.burden().name(),
                    Long.toString(c.thresholdFen()), Long.toString(c.burdenFen()), json.writeValueAsString(composition),
                    String.join(",", w.identities()), w.event().event().dischargeDate().toString(),
                    w.event().event().regionCode()};
            for (int k = 0; k < row.length; k++) {
                cols[k][i] = row[k];
            }
        }
        Set<String> warned = new HashSet<>();
        ws.forEach(w -> warned.add(w.event().event().personRef()));
        DatabaseClient.GenericExecuteSpec insert = db.sql("""
                insert into warning (id, person_ref, policy_region, policy_version, year, line_id, line_name, clause,
                    burden_basis, threshold_fen, burden_fen, composition, identity_types, as_of, region_code, status, raised_at)
                select t.id::uuid, t.person, t.region, t.version, t.y::integer, t.line, t.name, t.clause, t.basis,
                    t.threshold::bigint, t.burden::bigint, t.composition, t.ids, t.asof::date, t.area, 'OPEN', $16
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
                     with ordinality as t(id, person, region, version, y, line, name, clause, basis, threshold, burden,
                                          composition, ids, asof, area, n)
                order by t.n
                on conflict (person_ref, policy_region, year, line_id) do nothing
                returning id""");
        for (int k = 0; k < 15; k++) {
            insert = insert.bind(k, cols[k]);
        }
        insert = insert.bind(15, now.atOffset(ZoneOffset.UTC));
        return insert.map((row, meta) -> row.get(0, UUID.class)).all().collect(() -> new HashSet<UUID>(), Set::add)
                .zipWith(personInfo(warned))
                .flatMap(t -> {
                    Set<UUID> insertedIds = t.getT1();
                    // raised by a concurrent transaction (a rebalance): once per person, year and line
                    List<NewWarning> inserted = ws.stream().filter(w -> insertedIds.contains(w.id())).toList();
                    plan.inserted = inserted;
                    if (inserted.isEmpty()) {
                        return Mono.empty();
                    }
                    List<String[]> routes = new ArrayList<>();
                    List<Object[]> hooks = new ArrayList<>();
                    List<OutboxEvent> alerts = new ArrayList<>();
                    for (NewWarning w : inserted) {
                        Crossing c = w.crossing();
                        WarningRules.Line line = c.line();
                        SettlementCompleted e = w.event().event();
                        PersonInfo info = t.getT2().getOrDefault(e.personRef(), PersonInfo.UNKNOWN);
                        MonitoringAlert alert = new MonitoringAlert(UUID.randomUUID(), MonitoringAlert.Kind.RAISED, w.id(),
                                e.personRef(), w.region(), c.policy().version(), w.year(), line.id(), line.name(), line.clause(),
                                line.burden().name(), Money.ofFen(c.thresholdFen()).toString(), Money.ofFen(c.burdenFen()).toString(),
                                compositions.get(w.id()), List.copyOf(w.identities()), line.departments(), e.dischargeDate(),
                                info.maskedIdNumber(), info.householdRef(), null, null, now);
                        String payload = json.writeValueAsString(alert);
                        for (String department : line.departments()) {
                            routes.add(new String[] {w.id().toString(), department});
                            if (properties.webhooks().containsKey(department)) {
                                hooks.add(new Object[] {w.id(), alert.eventId(), department, e.personRef(), payload});
                            }
                        }
                        alerts.add(new OutboxEvent(Topics.MONITORING_ALERT, e.personRef(), alert.eventId(),
                                payload.getBytes(StandardCharsets.UTF_8), now));
                    }
                    Mono<Void> writeRoutes = db.sql("""
                                    insert into warning_route (warning_id, department)
                                    select t.w::uuid, t.d from unnest($1::text[], $2::text[]) as t(w, d)""")
                            .bind(0, column(routes, 0)).bind(1, column(routes, 1)).fetch().rowsUpdated().then();
                    // the payloads as plain parameters of multi-row VALUES (as text[] elements the driver would escape
                    // them character by character), bound at once, rows in order (the outbox's seq follows it)
                    Mono<Void> writeHooks = insertRows(
                            "insert into webhook_delivery (warning_id, event_id, department, person_ref, payload)", hooks);
                    return writeRoutes.then(writeHooks).then(outbox.append(alerts));
                });
    }

    /** {@code head values (…), (…)} in chunks of 1,000 rows, each chunk's parameters bound with one call. */
    private Mono<Void> insertRows(String head, List<Object[]> rows) {
        Mono<Void> all = Mono.empty();
        for (int from = 0; from < rows.size(); from += 1000) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + 1000));
            StringBuilder sql = new StringBuilder(head).append(" values ");
            List<Object> values = new ArrayList<>(chunk.size() * chunk.get(0).length);
            int p = 1;
            for (int r = 0; r < chunk.size(); r++) {
                sql.append(r == 0 ? "(" : ", (");
                Object[] row = chunk.get(r);
                for (int k = 0; k < row.length; k++) {
                    sql.append(k == 0 ? "$" : ", $").append(p++);
                    values.add(row[k]);
                }
                sql.append(')');
            }
            all = all.then(db.sql(sql.toString()).bindValues(values).fetch().rowsUpdated().then());
        }
        return all;
    }

    private static String[] column(List<String[]> rows, int index) {
        String[] c = new String[rows.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = rows.get(i)[index];
        }
        return c;
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /**
     * What the assistance layers changed on this event, in fen: every fund line that is neither insurance nor paid to
     * the person outside the bill (assistance, tilted/re-assistance, backstop, hospital-borne).
     */
    static long assistancePaid(SettlementCompleted event) {
        long sum = 0;
        for (SettlementCompleted.FundPayment p : event.payments()) {
            if (p.layer() != null && !NOT_ASSISTANCE.contains(p.layer())) {
                sum += fen(p.amount());
            }
        }
        return sum;
    }

    static long fen(String yuan) {
        return yuan == null || yuan.isBlank() ? 0 : Money.of(yuan).fen();
    }
}
