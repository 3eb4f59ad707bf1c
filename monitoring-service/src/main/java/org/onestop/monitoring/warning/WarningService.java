package org.onestop.monitoring.warning;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityChanged;
import org.onestop.events.MonitoringAlert;
import org.onestop.events.SettlementCompleted;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Absorbs the two input topics into the person-year burdens, identities and warnings, one event per database
 * transaction: dedupe by event id, apply, evaluate the lines, write the warnings with their routes, their
 * {@code monitoring.alert.v1} outbox rows and their webhook deliveries — all or nothing.
 *
 * <p>Called from the Kafka consumer threads, it blocks on R2DBC deliberately, in this one place: the binder's retries
 * and dead letters apply only to imperative consumers, and a record is acknowledged only after its transaction.
 */
@Service
public class WarningService {

    /** What became of one event. */
    public enum Outcome { APPLIED, DUPLICATE, UNPLACED, IGNORED }

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);
    /** Layers that are insurance (the burden after insurance is what they leave) or paid outside the bill. */
    private static final Set<String> NOT_ASSISTANCE = Set.of(Layer.BASIC.name(), Layer.CRITICAL_ILLNESS.name(), Layer.CARE_GRANT.name());

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final PolicyCatalog catalog;
    private final WarningLines lines;
    private final JsonMapper json;
    private final WarningMetrics metrics;
    private final MonitoringProperties properties;

    WarningService(DatabaseClient db, TransactionalOperator tx, PolicyCatalog catalog, JsonMapper json,
                   WarningMetrics metrics, MonitoringProperties properties) {
        this.db = db;
        this.tx = tx;
        this.catalog = catalog;
        this.lines = new WarningLines(catalog);
        this.json = json;
        this.metrics = metrics;
        this.properties = properties;
    }

    // ---------------------------------------------------------------- settlements

    /** Absorbs one settlement event; blocks until its transaction has committed. */
    public Outcome absorb(SettlementCompleted event) {
        long afterInsurance = fen(event.burdenAfterInsurance());
        long afterAssistance = afterInsurance - assistancePaid(event);
        String region = event.regionCode() == null ? null : catalog.policyRegionOf(event.regionCode()).orElse(null);
        Integer year = event.dischargeDate() == null ? null : event.dischargeDate().getYear();
        String visitType = event.visitType() == null ? null : VisitType.valueOf(event.visitType()).name();
        InsuranceType insurance = event.insuranceType() == null ? null : InsuranceType.valueOf(event.insuranceType());
        long started = System.nanoTime();
        List<Raised> raised = new ArrayList<>(1);
        Outcome outcome = tx.transactional(Mono.defer(() -> firstTime(event.eventId(), "settlement.completed.v1")
                .flatMap(first -> {
                    if (!first) {
                        return Mono.just(Outcome.DUPLICATE);
                    }
                    DatabaseClient.GenericExecuteSpec upsert = db.sql("""
                            insert into settlement_burden (settlement_id, person_ref, policy_region, year, visit_type,
                                insurance_type, after_insurance, after_assistance, events)
                            values ($1, $2, $3, $4, $5, $6, $7, $8, 1)
                            on conflict (settlement_id) do update set
                                policy_region = coalesce(settlement_burden.policy_region, excluded.policy_region),
                                year = coalesce(settlement_burden.year, excluded.year),
                                visit_type = coalesce(settlement_burden.visit_type, excluded.visit_type),
                                insurance_type = coalesce(excluded.insurance_type, settlement_burden.insurance_type),
                                after_insurance = settlement_burden.after_insurance + excluded.after_insurance,
                                after_assistance = settlement_burden.after_assistance + excluded.after_assistance,
                                events = settlement_burden.events + 1,
                                updated_at = now()
                            returning policy_region, year, visit_type""")
                            .bind(0, event.settlementId()).bind(1, event.personRef());
                    upsert = nullable(upsert, 2, region, String.class);
                    upsert = nullable(upsert, 3, year, Integer.class);
                    upsert = nullable(upsert, 4, visitType, String.class);
                    upsert = nullable(upsert, 5, insurance == null ? null : insurance.name(), String.class);
                    upsert = upsert.bind(6, afterInsurance).bind(7, afterAssistance);
                    return upsert.map((row, meta) -> new Placement(row.get("policy_region", String.class),
                                    row.get("year", Integer.class), row.get("visit_type", String.class)))
                            .one()
                            .flatMap(p -> {
                                if (p.region() == null || p.year() == null || p.visitType() == null) {
                                    return Mono.just(Outcome.UNPLACED);
                                }
                                if (event.dischargeDate() == null || afterInsurance <= 0 && afterAssistance <= 0) {
                                    return Mono.just(Outcome.APPLIED); // a burden that did not grow reaches no line
                                }
                                return evaluate(event, p.region(), p.year(), insurance, raised);
                            });
                })))
                .block(DB_TIMEOUT);
        metrics.absorbTimer().record(Duration.ofNanos(System.nanoTime() - started));
        metrics.event("settlement.completed.v1", outcome.name().toLowerCase());
        raised.forEach(r -> {
            metrics.raised(r.region(), r.line());
            r.departments().forEach(d -> metrics.routed(r.region(), r.line(), d));
        });
        return outcome;
    }

    private record Placement(String region, Integer year, String visitType) {
    }

    private record Raised(String region, String line, List<String> departments) {
    }

    private Mono<Outcome> evaluate(SettlementCompleted event, String region, int year, InsuranceType insurance,
                                   List<Raised> raised) {
        LocalDate date = event.dischargeDate();
        RegionPolicy policy = lines.policyFor(event.regionCode(), date);
        if (policy == null || policy.warnings().isEmpty()) {
            return Mono.just(Outcome.APPLIED);
        }
        String person = event.personRef();
        Mono<Composition> composition = db.sql("""
                        select visit_type, sum(after_insurance) as ai, sum(after_assistance) as aa from settlement_burden
                        where person_ref = $1 and year = $2 and policy_region = $3 and visit_type is not null
                        group by visit_type""")
                .bind(0, person).bind(1, year).bind(2, region)
                .map((row, meta) -> Map.entry(VisitType.valueOf(row.get("visit_type", String.class)),
                        new Composition.VisitBurden(number(row.get("ai")), number(row.get("aa")))))
                .all()
                .collectList()
                .map(entries -> {
                    EnumMap<VisitType, Composition.VisitBurden> m = new EnumMap<>(VisitType.class);
                    entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                    return new Composition(m);
                });
        Mono<Set<String>> identities = identitiesOn(person, date);
        Mono<Set<String>> alreadyRaised = db.sql("select line_id from warning where person_ref = $1 and policy_region = $2 and year = $3")
                .bind(0, person).bind(1, region).bind(2, year)
                .map((row, meta) -> row.get(0, String.class)).all().collect(HashSet::new, Set::add);
        return Mono.zip(composition, identities, alreadyRaised).flatMap(t -> {
            List<Crossing> crossings = lines.reached(policy, date, insurance, t.getT2(), t.getT1(), t.getT3());
            if (crossings.isEmpty()) {
                return Mono.just(Outcome.APPLIED);
            }
            return personInfo(person).flatMap(info -> Flux.fromIterable(crossings)
                    .concatMap(c -> raise(event, region, year, c, t.getT2(), info, raised))
                    .then(Mono.just(Outcome.APPLIED)));
        });
    }

    private Mono<Set<String>> identitiesOn(String person, LocalDate date) {
        return db.sql("""
                        select identity_type from identity_period where person_ref = $1 and not superseded
                        and valid_from <= $2 and (valid_to is null or valid_to >= $2)""")
                .bind(0, person).bind(1, date)
                .map((row, meta) -> row.get(0, String.class)).all().collect(TreeSet::new, Set::add);
    }

    /** Display data from identity events: the mask only, never a birth date beside it (docs/security.md). */
    private record PersonInfo(String maskedIdNumber, String householdRef) {
        static final PersonInfo UNKNOWN = new PersonInfo(null, null);
    }

    private Mono<PersonInfo> personInfo(String person) {
        return db.sql("select masked_id_number, household_ref from person where person_ref = $1")
                .bind(0, person)
                .map((row, meta) -> new PersonInfo(row.get("masked_id_number", String.class),
                        row.get("household_ref", String.class)))
                .one().defaultIfEmpty(PersonInfo.UNKNOWN);
    }

    private Mono<Void> raise(SettlementCompleted event, String region, int year, Crossing c, Set<String> identities,
                             PersonInfo info, List<Raised> raised) {
        WarningRules.Line line = c.line();
        UUID warningId = UUID.randomUUID();
        Instant now = Instant.now();
        Map<String, String> composition = new LinkedHashMap<>();
        c.parts().forEach((type, fen) -> composition.put(type.name(), Money.ofFen(fen).toString()));
        String compositionJson = json.writeValueAsString(composition);
        return db.sql("""
                        insert into warning (id, person_ref, policy_region, policy_version, year, line_id, line_name, clause,
                            burden_basis, threshold_fen, burden_fen, composition, identity_types, as_of, region_code,
                            status, raised_at)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $16, 'OPEN', $15)
                        on conflict (person_ref, policy_region, year, line_id) do nothing""")
                .bind(0, warningId).bind(1, event.personRef()).bind(2, region).bind(3, c.policy().version())
                .bind(4, year).bind(5, line.id()).bind(6, line.name()).bind(7, line.clause())
                .bind(8, line.burden().name()).bind(9, c.thresholdFen()).bind(10, c.burdenFen())
                .bind(11, compositionJson).bind(12, String.join(",", identities)).bind(13, event.dischargeDate())
                .bind(14, now.atOffset(ZoneOffset.UTC)).bind(15, event.regionCode())
                .fetch().rowsUpdated()
                .flatMap(inserted -> {
                    if (inserted == 0) {
                        return Mono.empty(); // raised by a concurrent transaction: once per person, year and line
                    }
                    MonitoringAlert alert = new MonitoringAlert(UUID.randomUUID(), MonitoringAlert.Kind.RAISED, warningId,
                            event.personRef(), region, c.policy().version(), year, line.id(), line.name(), line.clause(),
                            line.burden().name(), Money.ofFen(c.thresholdFen()).toString(), Money.ofFen(c.burdenFen()).toString(),
                            composition, List.copyOf(identities), line.departments(), event.dischargeDate(),
                            info.maskedIdNumber(), info.householdRef(), null, null, now);
                    String payload = json.writeValueAsString(alert);
                    raised.add(new Raised(region, line.id(), line.departments()));
                    return Flux.fromIterable(line.departments())
                            .concatMap(d -> db.sql("insert into warning_route (warning_id, department) values ($1, $2)")
                                    .bind(0, warningId).bind(1, d).fetch().rowsUpdated()
                                    .then(webhookDelivery(alert, d, payload)))
                            .then(outbox(alert, payload));
                });
    }

    private Mono<Void> webhookDelivery(MonitoringAlert alert, String department, String payload) {
        if (!properties.webhooks().containsKey(department)) {
            return Mono.empty();
        }
        return db.sql("""
                        insert into webhook_delivery (warning_id, event_id, department, person_ref, payload)
                        values ($1, $2, $3, $4, $5)""")
                .bind(0, alert.warningId()).bind(1, alert.eventId()).bind(2, department).bind(3, alert.personRef())
                .bind(4, payload).fetch().rowsUpdated().then();
    }

    private Mono<Void> outbox(MonitoringAlert alert, String payload) {
        return db.sql("insert into outbox (event_id, topic, msg_key, payload, event_time) values ($1, $2, $3, $4, $5)")
                .bind(0, alert.eventId()).bind(1, properties.outbox().topic()).bind(2, alert.personRef())
                .bind(3, payload).bind(4, alert.recordedAt().atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    // ---------------------------------------------------------------- identities

    /**
     * Absorbs one identity event: the person's periods, and — when a department grants an identity (NEW, INCREASE) —
     * the resolution of the person's open warnings routed to that department whose year the granted period reaches.
     */
    public Outcome absorb(IdentityChanged event) {
        long started = System.nanoTime();
        List<Raised> resolved = new ArrayList<>(1);
        Outcome outcome = tx.transactional(Mono.defer(() -> firstTime(event.eventId(), "identity.changed.v1")
                .flatMap(first -> {
                    if (!first) {
                        return Mono.just(Outcome.DUPLICATE);
                    }
                    Mono<Long> person = nullable(db.sql("""
                                    insert into person (person_ref, masked_id_number, household_ref)
                                    values ($1, $2, $3)
                                    on conflict (person_ref) do update set masked_id_number = excluded.masked_id_number,
                                        household_ref = excluded.household_ref""")
                                    .bind(0, event.personRef()).bind(1, event.maskedIdNumber()),
                            2, event.householdRef(), String.class)
                            .fetch().rowsUpdated();
                    Mono<Long> period = nullable(db.sql("""
                                    insert into identity_period (period_id, person_ref, identity_type, department, valid_from, valid_to)
                                    values ($1, $2, $3, $4, $5, $6)
                                    on conflict (period_id) do update set valid_from = excluded.valid_from,
                                        valid_to = excluded.valid_to""")
                                    .bind(0, event.periodId()).bind(1, event.personRef()).bind(2, event.identityType().name())
                                    .bind(3, event.department().name()).bind(4, event.validFrom()),
                            5, event.validTo(), LocalDate.class).fetch().rowsUpdated();
                    Mono<Long> superseded = event.change() == ChangeKind.CORRECTION && event.supersedesPeriodId() != null
                            ? db.sql("update identity_period set superseded = true where period_id = $1")
                                    .bind(0, event.supersedesPeriodId()).fetch().rowsUpdated()
                            : Mono.just(0L);
                    boolean grant = event.change() == ChangeKind.NEW || event.change() == ChangeKind.INCREASE;
                    return person.then(period).then(superseded)
                            .then(grant ? resolve(event, resolved) : Mono.empty())
                            .then(Mono.just(Outcome.APPLIED));
                })))
                .block(DB_TIMEOUT);
        metrics.absorbTimer().record(Duration.ofNanos(System.nanoTime() - started));
        metrics.event("identity.changed.v1", outcome.name().toLowerCase());
        resolved.forEach(r -> metrics.resolved(r.region(), r.line()));
        return outcome;
    }

    private Mono<Void> resolve(IdentityChanged event, List<Raised> resolved) {
        String resolution = event.department().name() + ":" + event.identityType().name();
        Instant now = Instant.now();
        return nullable(db.sql("""
                        update warning w set status = 'RESOLVED', resolved_at = $2, resolved_by = $3, resolution = $4
                        where w.person_ref = $1 and w.status <> 'RESOLVED'
                          and ($6::date is null or w.year <= extract(year from $6::date))
                          and exists (select 1 from warning_route r where r.warning_id = w.id and r.department = $5)
                        returning w.id, w.policy_region, w.policy_version, w.year, w.line_id, w.line_name, w.clause,
                            w.burden_basis, w.threshold_fen, w.burden_fen, w.composition, w.identity_types, w.as_of""")
                        .bind(0, event.personRef()).bind(1, now.atOffset(ZoneOffset.UTC)).bind(2, event.eventId())
                        .bind(3, resolution).bind(4, event.department().name()),
                5, event.validTo(), LocalDate.class)
                .map((row, meta) -> {
                    String region = row.get("policy_region", String.class);
                    String line = row.get("line_id", String.class);
                    resolved.add(new Raised(region, line, List.of()));
                    @SuppressWarnings("unchecked")
                    Map<String, String> composition = json.readValue(row.get("composition", String.class), LinkedHashMap.class);
                    String ids = row.get("identity_types", String.class);
                    return new MonitoringAlert(UUID.randomUUID(), MonitoringAlert.Kind.RESOLVED, row.get("id", UUID.class),
                            event.personRef(), region, row.get("policy_version", String.class), row.get("year", Integer.class),
                            line, row.get("line_name", String.class), row.get("clause", String.class),
                            row.get("burden_basis", String.class), Money.ofFen(number(row.get("threshold_fen"))).toString(),
                            Money.ofFen(number(row.get("burden_fen"))).toString(), composition,
                            ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")), List.of(),
                            row.get("as_of", LocalDate.class), event.maskedIdNumber(), event.householdRef(),
                            event.eventId(), resolution, now);
                })
                .all()
                .concatMap(alert -> db.sql("select department from warning_route where warning_id = $1 order by department")
                        .bind(0, alert.warningId()).map((row, meta) -> row.get(0, String.class)).all().collectList()
                        .flatMap(departments -> {
                            MonitoringAlert withRoutes = new MonitoringAlert(alert.eventId(), alert.kind(), alert.warningId(),
                                    alert.personRef(), alert.regionCode(), alert.policyVersion(), alert.year(), alert.lineId(),
                                    alert.lineName(), alert.clause(), alert.burdenBasis(), alert.threshold(), alert.burden(),
                                    alert.composition(), alert.identityTypes(), departments, alert.asOf(),
                                    alert.maskedIdNumber(), alert.householdRef(), alert.resolvedBy(),
                                    alert.resolution(), alert.recordedAt());
                            return outbox(withRoutes, json.writeValueAsString(withRoutes));
                        }))
                .then();
    }

    // ---------------------------------------------------------------- helpers

    /** Records the event id; false when it was absorbed before (a redelivery or a replay). */
    private Mono<Boolean> firstTime(UUID eventId, String topic) {
        return db.sql("insert into processed_event (event_id, topic) values ($1, $2) on conflict (event_id) do nothing")
                .bind(0, eventId).bind(1, topic).fetch().rowsUpdated().map(n -> n > 0);
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

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, int index, Object value,
                                                              Class<?> type) {
        return value == null ? spec.bindNull(index, type) : spec.bind(index, value);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
