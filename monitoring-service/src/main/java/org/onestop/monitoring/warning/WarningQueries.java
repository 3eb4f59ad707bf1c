package org.onestop.monitoring.warning;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.onestop.events.Department;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.RegionPolicy;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Reads and the departments' one write (acknowledge), reactive end to end for the HTTP edge. */
@Service
public class WarningQueries {

    /**
     * Filters of the warnings list; null = any.
     *
     * @param region       a policy region (210000)
     * @param person       one person's reference
     * @param countyPrefix warnings whose {@code region_code} starts with it (a county 360402, or a city's 3604)
     * @param month        raised in this month (UTC)
     * @param offset       matching warnings skipped before the first returned (paging in the list's order)
     */
    public record Filter(String region, String department, String line, Set<String> statuses, Integer minAgeDays,
                         Integer maxAgeDays, String person, String countyPrefix, YearMonth month, int limit, int offset) {
    }

    public enum AckResult { ACKNOWLEDGED, ALREADY_ACKNOWLEDGED, NOT_ROUTED, NOT_FOUND }

    /**
     * Which warnings a caller may see, as conditions of the queries themselves (never a filter after fetching).
     *
     * @param department only warnings routed to this department; null = any
     * @param areaPrefix only warnings whose {@code region_code} (the 6-digit area of the settlement that crossed the
     *                   line) starts with it — a caller's area without its trailing "00" pairs (360400 → 3604,
     *                   140000 → 14); null = any
     */
    public record Scope(String department, String areaPrefix) {
        /** Internal callers and operators. */
        public static final Scope ALL = new Scope(null, null);

        /** Appends the scope's conditions on the warning aliased {@code w}, binding its values after {@code args}. */
        void append(StringBuilder sql, List<Object> args) {
            if (department != null) {
                args.add(department);
                sql.append(" and exists (select 1 from warning_route sr where sr.warning_id = w.id and sr.department = $")
                        .append(args.size()).append(')');
            }
            if (areaPrefix != null) {
                args.add(areaPrefix);
                sql.append(" and starts_with(w.region_code, $").append(args.size()).append(')');
            }
        }
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;
    private final PolicyCatalog catalog;

    WarningQueries(DatabaseClient db, TransactionalOperator tx, JsonMapper json, PolicyCatalog catalog) {
        this.db = db;
        this.tx = tx;
        this.json = json;
        this.catalog = catalog;
    }

    /** The policy region (210000) of any code inside it (210102), or empty. */
    public java.util.Optional<String> policyRegion(String code) {
        return catalog.policyRegionOf(code);
    }

    public Flux<WarningView> find(Filter f, Scope scope) {
        StringBuilder sql = new StringBuilder("""
                select w.*, p.masked_id_number from warning w left join person p on p.person_ref = w.person_ref
                where w.status = any($1)""");
        List<Object> args = new ArrayList<>();
        args.add(f.statuses().toArray(String[]::new));
        if (f.region() != null) {
            args.add(f.region());
            sql.append(" and w.policy_region = $").append(args.size());
        }
        if (f.line() != null) {
            args.add(f.line());
            sql.append(" and w.line_id = $").append(args.size());
        }
        if (f.person() != null) {
            args.add(f.person());
            sql.append(" and w.person_ref = $").append(args.size());
        }
        if (f.countyPrefix() != null) {
            args.add(f.countyPrefix());
            sql.append(" and starts_with(w.region_code, $").append(args.size()).append(')');
        }
        if (f.month() != null) {
            OffsetDateTime from = f.month().atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
            args.add(from);
            sql.append(" and w.raised_at >= $").append(args.size());
            args.add(from.plusMonths(1));
            sql.append(" and w.raised_at < $").append(args.size());
        }
        if (f.department() != null) {
            args.add(f.department());
            sql.append(" and exists (select 1 from warning_route r where r.warning_id = w.id and r.department = $")
                    .append(args.size()).append(')');
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (f.minAgeDays() != null) {
            args.add(now.minusDays(f.minAgeDays()));
            sql.append(" and w.raised_at <= $").append(args.size());
        }
        if (f.maxAgeDays() != null) {
            args.add(now.minusDays(f.maxAgeDays() + 1L));
            sql.append(" and w.raised_at > $").append(args.size());
        }
        scope.append(sql, args);
        args.add(f.limit());
        sql.append(" order by w.raised_at, w.id limit $").append(args.size());
        args.add(f.offset());
        sql.append(" offset $").append(args.size());
        return views(sql, args, scope);
    }

    /** One warning, when the scope sees it. */
    public Mono<WarningView> get(UUID id, Scope scope) {
        StringBuilder sql = new StringBuilder(
                "select w.*, p.masked_id_number from warning w left join person p on p.person_ref = w.person_ref where w.id = $1");
        List<Object> args = new ArrayList<>(List.of(id));
        scope.append(sql, args);
        return views(sql, args, scope).next();
    }

    /** Warnings routed to {@code department}, raised in {@code month} (UTC) and seen by the scope, oldest first. */
    public Flux<WarningView> monthly(String department, YearMonth month, Scope scope) {
        OffsetDateTime from = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        StringBuilder sql = new StringBuilder("""
                select w.*, p.masked_id_number from warning w left join person p on p.person_ref = w.person_ref
                where w.raised_at >= $1 and w.raised_at < $2
                  and exists (select 1 from warning_route r where r.warning_id = w.id and r.department = $3)""");
        List<Object> args = new ArrayList<>(List.of(from, from.plusMonths(1), department));
        scope.append(sql, args);
        sql.append(" order by w.raised_at, w.id");
        return views(sql, args, scope);
    }

    @SuppressWarnings("unchecked")
    private Flux<WarningView> views(StringBuilder sql, List<Object> args, Scope scope) {
        return bind(sql, args).map((row, meta) -> new Object[] {row(row), row.get("masked_id_number", String.class)})
                .all()
                .concatMap(r -> withRoutes((Map<String, Object>) r[0], (String) r[1], scope));
    }

    /**
     * A department acknowledges a warning routed to it; acknowledging twice is harmless. A warning the scope does not
     * see is {@link AckResult#NOT_FOUND}, exactly like one that does not exist.
     */
    public Mono<AckResult> acknowledge(UUID id, String department, String note, Scope scope) {
        StringBuilder visible = new StringBuilder("select 1 from warning w where w.id = $1");
        List<Object> args = new ArrayList<>(List.of(id, department, note == null ? "" : note));
        scope.append(visible, args);
        StringBuilder update = new StringBuilder("""
                update warning_route set acknowledged_at = now(), ack_note = $3
                where warning_id = $1 and department = $2 and acknowledged_at is null and exists (""")
                .append(visible).append(')');
        StringBuilder check = new StringBuilder("""
                select (select count(*) from warning w where w.id = $1""");
        List<Object> checkArgs = new ArrayList<>(List.of(id, department));
        scope.append(check, checkArgs);
        check.append(") as w, (select count(*) from warning_route where warning_id = $1 and department = $2) as r");
        return tx.transactional(bind(update, args)
                .fetch().rowsUpdated()
                .flatMap(n -> n > 0
                        ? db.sql("update warning set status = 'ACKNOWLEDGED' where id = $1 and status = 'OPEN'")
                                .bind(0, id).fetch().rowsUpdated().thenReturn(AckResult.ACKNOWLEDGED)
                        : bind(check, checkArgs)
                                .map((row, meta) -> ((Number) row.get("w")).longValue() == 0 ? AckResult.NOT_FOUND
                                        : ((Number) row.get("r")).longValue() == 0 ? AckResult.NOT_ROUTED
                                        : AckResult.ALREADY_ACKNOWLEDGED)
                                .one()));
    }

    private DatabaseClient.GenericExecuteSpec bind(StringBuilder sql, List<Object> args) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
        for (int i = 0; i < args.size(); i++) {
            spec = spec.bind(i, args.get(i));
        }
        return spec;
    }

    /** Open warnings per region, line and department, for the gauge. */
    Flux<WarningMetrics.OpenCount> openCounts() {
        return db.sql("""
                        select w.policy_region, w.line_id, r.department, count(*) as n from warning w
                        join warning_route r on r.warning_id = w.id where w.status <> 'RESOLVED'
                        group by w.policy_region, w.line_id, r.department""")
                .map((row, meta) -> new WarningMetrics.OpenCount(row.get("policy_region", String.class),
                        row.get("line_id", String.class), row.get("department", String.class), ((Number) row.get("n")).longValue()))
                .all();
    }

    /** Every (region, line, department) the policy files define: the gauge's rows, zero when nothing is open. */
    List<WarningMetrics.OpenCount> allLines() {
        List<WarningMetrics.OpenCount> all = new ArrayList<>();
        for (RegionPolicy p : catalog.all()) {
            p.warnings().ifPresent(w -> w.lines().forEach(l -> l.departments()
                    .forEach(d -> all.add(new WarningMetrics.OpenCount(p.regionCode(), l.id(), d, 0)))));
        }
        return all;
    }

    // ---------------------------------------------------------------- mapping

    private static Map<String, Object> row(io.r2dbc.spi.Readable row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String c : List.of("person_ref", "region_code", "policy_region", "policy_version", "line_id", "line_name", "clause",
                "burden_basis", "composition", "identity_types", "status", "resolution")) {
            m.put(c, row.get(c, String.class));
        }
        m.put("id", row.get("id", UUID.class));
        m.put("year", row.get("year", Integer.class));
        m.put("threshold_fen", row.get("threshold_fen", Long.class));
        m.put("burden_fen", row.get("burden_fen", Long.class));
        m.put("as_of", row.get("as_of", LocalDate.class));
        m.put("raised_at", row.get("raised_at", OffsetDateTime.class));
        m.put("resolved_at", row.get("resolved_at", OffsetDateTime.class));
        return m;
    }

    /**
     * The warning with its routes. A department sees every route's department and acknowledgement time (who else was
     * told, and whether they took it up), but only its own route's note: another department's note is its own
     * free text, not this department's to read (docs/monitoring.md).
     */
    @SuppressWarnings("unchecked")
    private Mono<WarningView> withRoutes(Map<String, Object> m, String masked, Scope scope) {
        UUID id = (UUID) m.get("id");
        return db.sql("select department, acknowledged_at, ack_note from warning_route where warning_id = $1 order by department")
                .bind(0, id)
                .map((row, meta) -> {
                    OffsetDateTime ack = row.get("acknowledged_at", OffsetDateTime.class);
                    String department = row.get("department", String.class);
                    boolean own = scope.department() == null || scope.department().equals(department);
                    return new WarningView.Route(department, ack == null ? null : ack.toInstant(),
                            own ? row.get("ack_note", String.class) : null);
                })
                .all().collectList()
                .map(routes -> {
                    Instant raisedAt = ((OffsetDateTime) m.get("raised_at")).toInstant();
                    OffsetDateTime resolvedAt = (OffsetDateTime) m.get("resolved_at");
                    String ids = (String) m.get("identity_types");
                    return new WarningView(id, (String) m.get("person_ref"), masked, (String) m.get("region_code"),
                            (String) m.get("policy_region"), (String) m.get("policy_version"), (Integer) m.get("year"), (String) m.get("line_id"),
                            (String) m.get("line_name"), (String) m.get("clause"), (String) m.get("burden_basis"),
                            Money.ofFen((Long) m.get("threshold_fen")).toString(), Money.ofFen((Long) m.get("burden_fen")).toString(),
                            json.readValue((String) m.get("composition"), LinkedHashMap.class),
                            ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split(",")), (LocalDate) m.get("as_of"),
                            (String) m.get("status"), raisedAt, Duration.between(raisedAt, Instant.now()).toDays(), routes,
                            resolvedAt == null ? null : resolvedAt.toInstant(), (String) m.get("resolution"));
                });
    }

    /** True for a department code the suite knows. */
    public static boolean isDepartment(String code) {
        return code != null && Arrays.stream(Department.values()).anyMatch(d -> d.name().equals(code));
    }
}
