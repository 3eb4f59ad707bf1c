package org.onestop.monitoring.warning;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityChanged;
import org.onestop.events.MonitoringAlert;
import org.onestop.events.Topics;
import org.onestop.messaging.outbox.Outbox;
import org.onestop.messaging.outbox.OutboxEvent;
import org.onestop.policy.Money;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Absorbs one poll of {@code identity.changed.v1} in ONE database transaction, with a fixed number of statements for
 * what every event does: the event ids recorded in one statement (what was absorbed before is a duplicate), the
 * persons' display data and the identity periods upserted with one multi-row statement each (the last event of the
 * poll for a person or a period wins, as if applied one by one), corrections' superseded periods marked in one.
 *
 * <p>A grant (NEW, INCREASE) by a department resolves the person's open warnings routed to that department whose year
 * the granted period reaches. Only the few persons of the poll with an unresolved warning (found in one query) take
 * that step, event by event in the poll's order, with a {@code RESOLVED} alert in the outbox for each warning.
 *
 * <p>A single event (the per-record fallback) is a poll of one: one path.
 */
@Service
public class IdentityBatch {

    private static final Duration DB_TIMEOUT = Duration.ofMinutes(2);
    private static final String TOPIC = Topics.IDENTITY_CHANGED.name();

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final WarningMetrics metrics;
    private final Outbox outbox;

    IdentityBatch(DatabaseClient db, TransactionalOperator tx, JsonMapper json, WarningMetrics metrics, Outbox outbox) {
        this.db = db;
        this.tx = tx;
        this.json = json;
        this.metrics = metrics;
        this.outbox = outbox;
    }

    /** What a poll came to. */
    public record Result(int applied, int duplicate, int resolved) {
    }

    private record Resolved(String region, String line) {
    }

    /** Absorbs the poll; blocks until its one transaction has committed (or throws, and nothing of it is kept). */
    public Result absorb(List<IdentityChanged> poll) {
        long started = System.nanoTime();
        LinkedHashMap<UUID, IdentityChanged> unique = new LinkedHashMap<>();
        for (IdentityChanged e : poll) {
            unique.putIfAbsent(e.eventId(), e);
        }
        List<Resolved> resolved = new ArrayList<>();
        Integer applied = tx.transactional(Mono.defer(() -> ProcessedEvents.firstTimes(db, unique.keySet(), TOPIC)
                        .flatMap(fresh -> {
                            List<IdentityChanged> events = unique.values().stream()
                                    .filter(e -> fresh.contains(e.eventId())).toList();
                            if (events.isEmpty()) {
                                return Mono.just(0);
                            }
                            return writePersons(events).then(writePeriods(events)).then(supersede(events))
                                    .then(resolveGrants(events, resolved)).thenReturn(events.size());
                        })))
                .block(DB_TIMEOUT);
        int n = applied == null ? 0 : applied;
        metrics.absorbTimer().record(Duration.ofNanos(System.nanoTime() - started));
        resolved.forEach(r -> metrics.resolved(r.region(), r.line()));
        if (n > 0) {
            metrics.event(TOPIC, "applied", n);
        }
        if (poll.size() - n > 0) {
            metrics.event(TOPIC, "duplicate", poll.size() - n);
        }
        return new Result(n, poll.size() - n, resolved.size());
    }

    // ---------------------------------------------------------------- writes (one multi-row statement each)

    private Mono<Void> writePersons(List<IdentityChanged> events) {
        Map<String, IdentityChanged> last = new LinkedHashMap<>();
        events.forEach(e -> last.put(e.personRef(), e));
        List<String[]> rows = new ArrayList<>(last.size());
        for (IdentityChanged e : last.values()) {
            rows.add(new String[] {e.personRef(), e.maskedIdNumber(), e.householdRef()});
        }
        return db.sql("""
                        insert into person (person_ref, masked_id_number, household_ref)
                        select r->>0, r->>1, r->>2 from jsonb_array_elements($1::jsonb) r
                        on conflict (person_ref) do update set masked_id_number = excluded.masked_id_number,
                            household_ref = excluded.household_ref""")
                .bind(0, rows(rows)).fetch().rowsUpdated().then();
    }

    private Mono<Void> writePeriods(List<IdentityChanged> events) {
        Map<UUID, IdentityChanged> last = new LinkedHashMap<>();
        events.forEach(e -> last.put(e.periodId(), e));
        List<String[]> rows = new ArrayList<>(last.size());
        for (IdentityChanged e : last.values()) {
            rows.add(new String[] {e.periodId().toString(), e.personRef(), e.identityType().name(), e.department().name(),
                    e.validFrom().toString(), e.validTo() == null ? null : e.validTo().toString()});
        }
        return db.sql("""
                        insert into identity_period (period_id, person_ref, identity_type, department, valid_from, valid_to)
                        select (r->>0)::uuid, r->>1, r->>2, r->>3, (r->>4)::date, (r->>5)::date
                        from jsonb_array_elements($1::jsonb) r
                        on conflict (period_id) do update set valid_from = excluded.valid_from,
                            valid_to = excluded.valid_to""")
                .bind(0, rows(rows)).fetch().rowsUpdated().then();
    }

    /**
     * The rows as one JSON array of arrays of strings (null stays null), read back by {@code jsonb_array_elements} and
     * {@code r->>i}: one text parameter instead of a {@code text[]} per column, which the driver encoded character by
     * character (issue 17's profiles of identity absorption).
     */
    private String rows(List<String[]> rows) {
        return json.writeValueAsString(rows);
    }

    private Mono<Void> supersede(List<IdentityChanged> events) {
        String[] superseded = events.stream()
                .filter(e -> e.change() == ChangeKind.CORRECTION && e.supersedesPeriodId() != null)
                .map(e -> e.supersedesPeriodId().toString()).toArray(String[]::new);
        if (superseded.length == 0) {
            return Mono.empty();
        }
        return db.sql("update identity_period set superseded = true where period_id = any($1::text[]::uuid[])")
                .bind(0, superseded).fetch().rowsUpdated().then();
    }

    // ---------------------------------------------------------------- grants resolve warnings

    private Mono<Void> resolveGrants(List<IdentityChanged> events, List<Resolved> resolved) {
        List<IdentityChanged> grants = events.stream()
                .filter(e -> e.change() == ChangeKind.NEW || e.change() == ChangeKind.INCREASE).toList();
        if (grants.isEmpty()) {
            return Mono.empty();
        }
        String[] persons = grants.stream().map(IdentityChanged::personRef).distinct().toArray(String[]::new);
        return db.sql("select distinct person_ref from warning where status <> 'RESOLVED' and person_ref = any($1)")
                .bind(0, persons).map((row, meta) -> row.get(0, String.class)).all().collect(HashSet::new, Set::add)
                .flatMap(warned -> Flux.fromIterable(grants)
                        .filter(g -> warned.contains(g.personRef()))
                        .concatMap(g -> resolve(g, resolved))
                        .then());
    }

    /** Resolves the person's unresolved warnings routed to the granting department; an alert for each. */
    private Mono<Void> resolve(IdentityChanged event, List<Resolved> resolved) {
        String resolution = event.department().name() + ":" + event.identityType().name();
        Instant now = Instant.now();
        DatabaseClient.GenericExecuteSpec update = db.sql("""
                        update warning w set status = 'RESOLVED', resolved_at = $2, resolved_by = $3, resolution = $4
                        where w.person_ref = $1 and w.status <> 'RESOLVED'
                          and ($6::date is null or w.year <= extract(year from $6::date))
                          and exists (select 1 from warning_route r where r.warning_id = w.id and r.department = $5)
                        returning w.id, w.policy_region, w.policy_version, w.year, w.line_id, w.line_name, w.clause,
                            w.burden_basis, w.threshold_fen, w.burden_fen, w.composition, w.identity_types, w.as_of,
                            (select array_to_string(array_agg(r.department order by r.department), ',')
                             from warning_route r where r.warning_id = w.id) as departments""")
                .bind(0, event.personRef()).bind(1, now.atOffset(ZoneOffset.UTC)).bind(2, event.eventId())
                .bind(3, resolution).bind(4, event.department().name());
        update = event.validTo() == null ? update.bindNull(5, LocalDate.class) : update.bind(5, event.validTo());
        return update.map((row, meta) -> {
                    String region = row.get("policy_region", String.class);
                    String line = row.get("line_id", String.class);
                    resolved.add(new Resolved(region, line));
                    @SuppressWarnings("unchecked")
                    Map<String, String> composition = json.readValue(row.get("composition", String.class),
                            LinkedHashMap.class);
                    return new MonitoringAlert(UUID.randomUUID(), MonitoringAlert.Kind.RESOLVED,
                            row.get("id", UUID.class), event.personRef(), region,
                            row.get("policy_version", String.class), row.get("year", Integer.class), line,
                            row.get("line_name", String.class), row.get("clause", String.class),
                            row.get("burden_basis", String.class),
                            Money.ofFen(number(row.get("threshold_fen"))).toString(),
                            Money.ofFen(number(row.get("burden_fen"))).toString(), composition,
                            split(row.get("identity_types", String.class)), split(row.get("departments", String.class)),
                            row.get("as_of", LocalDate.class), event.maskedIdNumber(), event.householdRef(),
                            event.eventId(), resolution, now);
                })
                .all()
                .map(alert -> new OutboxEvent(Topics.MONITORING_ALERT, alert.personRef(), alert.eventId(),
                        json.writeValueAsString(alert).getBytes(StandardCharsets.UTF_8), now))
                .collectList()
                .flatMap(outbox::append);
    }

    private static List<String> split(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isEmpty() ? List.of()
                : Arrays.asList(commaSeparated.split(","));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
