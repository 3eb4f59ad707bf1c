package org.onestop.identity.batch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.r2dbc.spi.Row;
import org.onestop.identity.access.PartnerAccess;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A department's batches, newest first, one page at a time (the read behind {@code GET /api/v1/identity/batches}).
 * Reads the {@code batch} table only: the totals were written with the batch, in its transaction.
 */
@Component
public class BatchList {

    /** A batch's outcome, from its totals. */
    public enum Status {
        /** every row accepted */
        ACCEPTED,
        /** some rows accepted, some rejected */
        PARTIAL,
        /** rows, none accepted */
        REJECTED,
        /** no rows at all */
        EMPTY
    }

    /** {@code Status} in SQL, from the same totals. */
    private static final String STATUS_SQL = """
            case when total_rows = 0 then 'EMPTY' when rejected_rows = 0 then 'ACCEPTED'
                 when accepted_rows = 0 then 'REJECTED' else 'PARTIAL' end""";

    /** The reference a correction is sent under (the console proposes it): {@code 晋民2024Q1-更正2}. */
    private static final Pattern CORRECTION = Pattern.compile("(.+)-更正(\\d{1,6})");

    /**
     * What to list.
     *
     * @param receivedFrom first instant included; null: no lower bound
     * @param receivedBefore first instant excluded; null: no upper bound
     * @param kind         {@code ROSTER} or {@code ADJUSTMENT}; null: both (and batches whose kind was not recorded)
     * @param statuses     empty: every status
     */
    public record Filter(Instant receivedFrom, Instant receivedBefore, String kind, Set<Status> statuses, int page,
            int size) {
    }

    /**
     * One batch.
     *
     * @param kind             null for a file stored before kinds were recorded whose rows do not tell
     * @param correctionOf     the reference this batch corrects ({@code R} for {@code R-更正2}); null for an original
     * @param version          1 for an original, n + 1 for its n-th correction ({@code -更正n})
     */
    public record Entry(UUID batchId, String department, String area, String departmentReference, String kind,
            String source, String identityType, Instant receivedAt, int totalRows, int acceptedRows, int rejectedRows,
            Status status, String correctionOf, int version) {
    }

    /** A page of entries and how many match in all. */
    public record Page(int page, int size, long total, List<Entry> batches) {
    }

    private final DatabaseClient db;

    BatchList(DatabaseClient db) {
        this.db = db;
    }

    /** The page of batches {@code filter} asks for, among those {@code scope} admits. */
    public Mono<Page> find(Filter filter, PartnerAccess.BatchScope scope) {
        StringBuilder where = new StringBuilder("where true");
        List<Object> binds = new ArrayList<>();
        if (scope.departmentName() != null) {
            // the same rule as BatchScope.admits: its department, an area inside its own, never the no-area batches
            binds.add(scope.departmentName());
            where.append(" and department = $").append(binds.size());
            binds.add(scope.areaPrefix() + "%");
            where.append(" and area like $").append(binds.size()).append(" and area <> '")
                    .append(PartnerAccess.NO_AREA).append("'");
        }
        if (filter.receivedFrom() != null) {
            binds.add(filter.receivedFrom().atOffset(ZoneOffset.UTC));
            where.append(" and received_at >= $").append(binds.size());
        }
        if (filter.receivedBefore() != null) {
            binds.add(filter.receivedBefore().atOffset(ZoneOffset.UTC));
            where.append(" and received_at < $").append(binds.size());
        }
        if (filter.kind() != null) {
            binds.add(filter.kind());
            where.append(" and kind = $").append(binds.size());
        }
        if (!filter.statuses().isEmpty()) {
            binds.add(filter.statuses().stream().map(Status::name).toArray(String[]::new));
            where.append(" and (").append(STATUS_SQL).append(") = any($").append(binds.size()).append(")");
        }
        Mono<Long> total = bind(db.sql("select count(*) from batch " + where), binds)
                .map((row, meta) -> row.get(0, Long.class)).one();
        List<Object> pageBinds = new ArrayList<>(binds);
        pageBinds.add(filter.size());
        pageBinds.add((long) filter.page() * filter.size());
        String sql = "select id, department, area, department_reference, kind, source, identity_type, received_at,"
                + " total_rows, accepted_rows, rejected_rows, " + STATUS_SQL + " as status from batch " + where
                + " order by received_at desc, id desc limit $" + (binds.size() + 1) + " offset $" + (binds.size() + 2);
        Mono<List<Entry>> entries = bind(db.sql(sql), pageBinds).map((row, meta) -> entry(row)).all().collectList();
        return Mono.zip(total, entries).map(t -> new Page(filter.page(), filter.size(), t.getT1(), t.getT2()));
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, List<Object> binds) {
        for (int i = 0; i < binds.size(); i++) {
            spec = spec.bind(i, binds.get(i));
        }
        return spec;
    }

    private static Entry entry(Row row) {
        String reference = row.get("department_reference", String.class);
        Matcher m = CORRECTION.matcher(reference);
        boolean correction = m.matches();
        String type = row.get("identity_type", String.class);
        return new Entry(row.get("id", UUID.class), row.get("department", String.class), row.get("area", String.class),
                reference, row.get("kind", String.class), row.get("source", String.class),
                type == null || type.isEmpty() ? null : type, row.get("received_at", OffsetDateTime.class).toInstant(),
                row.get("total_rows", Integer.class), row.get("accepted_rows", Integer.class),
                row.get("rejected_rows", Integer.class), Status.valueOf(row.get("status", String.class)),
                correction ? m.group(1) : null, correction ? Integer.parseInt(m.group(2)) + 1 : 1);
    }
}
