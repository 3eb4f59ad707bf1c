package org.onestop.identity.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;
import org.onestop.identity.batch.PeriodState.Statement;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The batch tables over R2DBC. Each chunk is written with one multi-row statement per table
 * ({@code insert … select from unnest(arrays)}), so a thousand rows cost a handful of round trips.
 */
@Repository
class BatchStore {

    /** Serialises batch transactions: commit order = outbox order, and period checks never race. */
    private static final long BATCH_LOCK = 0x1D_E47_17L;

    private final DatabaseClient db;

    BatchStore(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> lockBatches() {
        return db.sql("select pg_advisory_xact_lock($1)").bind(0, BATCH_LOCK).fetch().rowsUpdated().then();
    }

    /** The earlier batch with this department reference or this content, if any. */
    Mono<BatchReport> findEarlier(Department department, String reference, String contentHash) {
        return db.sql("""
                select * from batch where department = $1 and (department_reference = $2 or content_hash = $3)
                order by received_at limit 1""")
                .bind(0, department.name()).bind(1, reference).bind(2, contentHash)
                .map((row, meta) -> summary(row))
                .one();
    }

    Mono<BatchReport> find(UUID batchId) {
        return db.sql("select * from batch where id = $1").bind(0, batchId).map((row, meta) -> summary(row)).one();
    }

    private static BatchReport summary(io.r2dbc.spi.Row row) {
        return new BatchReport(row.get("id", UUID.class), row.get("department", String.class),
                row.get("department_reference", String.class), row.get("source", String.class),
                emptyToNull(row.get("identity_type", String.class)), row.get("received_at", java.time.OffsetDateTime.class).toInstant(),
                false, row.get("total_rows", Integer.class), row.get("accepted_rows", Integer.class),
                row.get("rejected_rows", Integer.class), List.of(), false);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    Mono<Void> insertBatch(UUID id, BatchSubmission s, Instant now) {
        return db.sql("""
                insert into batch (id, department, department_reference, content_hash, source, identity_type,
                                   issuing_unit, received_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .bind(0, id).bind(1, s.department().name()).bind(2, s.departmentReference()).bind(3, s.contentHash())
                .bind(4, s.source())
                .bind(5, s.identityType() == null ? "" : s.identityType())
                .bind(6, s.issuingUnit() == null ? "" : s.issuingUnit())
                .bind(7, now.atOffset(java.time.ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    Mono<Void> finishBatch(UUID id, int total, int accepted, int rejected) {
        return db.sql("update batch set total_rows = $2, accepted_rows = $3, rejected_rows = $4 where id = $1")
                .bind(0, id).bind(1, total).bind(2, accepted).bind(3, rejected).fetch().rowsUpdated().then();
    }

    /** The live periods of these persons; those the current batch already changed carry what it said. */
    Mono<List<PeriodState>> livePeriods(Collection<String> personRefs, UUID batchId) {
        if (personRefs.isEmpty()) {
            return Mono.just(List.of());
        }
        return db.sql("""
                select period_id, person_ref, identity_type, region_code, valid_from, valid_to, last_change, last_batch
                from identity_period where person_ref = any($1) and superseded_by is null""")
                .bind(0, personRefs.toArray(String[]::new))
                .map((row, meta) -> {
                    LocalDate from = row.get("valid_from", LocalDate.class);
                    LocalDate to = row.get("valid_to", LocalDate.class);
                    Statement said = null;
                    if (batchId.equals(row.get("last_batch", UUID.class))) {
                        var kind = org.onestop.events.ChangeKind.valueOf(row.get("last_change", String.class));
                        said = kind.closes() ? new Statement(kind, null, to, null)
                                : new Statement(kind, from, to, row.get("region_code", String.class));
                    }
                    return new PeriodState(row.get("period_id", UUID.class), row.get("person_ref", String.class),
                            IdentityType.valueOf(row.get("identity_type", String.class)),
                            row.get("region_code", String.class), from, to, said);
                })
                .all().collectList();
    }

    /** A row's report line plus, when accepted, what it changes. */
    record RowWrite(RowReport report, PeriodRules.Accept accept, String eventPayload, UUID eventId) {
    }

    Mono<Void> writeChunk(UUID batchId, Department department, Instant now, List<RowWrite> rows, String topic) {
        List<RowWrite> accepted = rows.stream().filter(r -> r.accept() != null).toList();
        return insertRows(batchId, rows)
                .then(upsertPersons(accepted, now))
                .then(insertPeriods(batchId, department, now, accepted))
                .then(closePeriods(batchId, now, accepted))
                .then(supersedePeriods(accepted))
                .then(insertFacts(batchId, department, now, accepted))
                .then(insertOutbox(topic, now, accepted));
    }

    private Mono<Void> insertRows(UUID batchId, List<RowWrite> rows) {
        int n = rows.size();
        String[] rowNo = new String[n], acc = new String[n], code = new String[n], reason = new String[n],
                ref = new String[n], masked = new String[n], pref = new String[n], type = new String[n], chg = new String[n];
        for (int i = 0; i < n; i++) {
            RowReport r = rows.get(i).report();
            rowNo[i] = Integer.toString(r.rowNumber());
            acc[i] = Boolean.toString(RowReport.ACCEPTED.equals(r.status()));
            code[i] = r.reasonCode();
            reason[i] = r.reason();
            ref[i] = r.recordReference();
            masked[i] = r.maskedIdNumber();
            pref[i] = r.personRef();
            type[i] = r.identityType();
            chg[i] = r.change();
        }
        return db.sql("""
                insert into batch_row (batch_id, row_no, accepted, reason_code, reason, record_reference, masked_id,
                                       person_ref, identity_type, change)
                select $1, t.row_no::int, t.acc::boolean, t.code, t.reason, t.ref, t.masked, t.pref, t.itype, t.chg
                from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::text[]) as t(row_no, acc, code, reason, ref, masked, pref, itype, chg)""")
                .bind(0, batchId).bind(1, rowNo).bind(2, acc).bind(3, code).bind(4, reason).bind(5, ref)
                .bind(6, masked).bind(7, pref).bind(8, type).bind(9, chg)
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> upsertPersons(List<RowWrite> accepted, Instant now) {
        if (accepted.isEmpty()) {
            return Mono.empty();
        }
        // One row per person per statement: ON CONFLICT may not touch a row twice.
        Map<String, ValidRow> persons = new LinkedHashMap<>();
        for (RowWrite w : accepted) {
            persons.put(w.accept().row().personRef(), w.accept().row());
        }
        int n = persons.size();
        String[] pref = new String[n], idn = new String[n], name = new String[n], birth = new String[n], hh = new String[n];
        int i = 0;
        for (ValidRow r : persons.values()) {
            pref[i] = r.personRef();
            idn[i] = r.id().value();
            name[i] = r.source().name().strip();
            birth[i] = r.id().birthDate().toString();
            hh[i] = r.householdRef();
            i++;
        }
        return db.sql("""
                insert into person (person_ref, id_number, name, birth_date, household_ref, updated_at)
                select t.pref, t.idn, t.name, t.birth::date, t.hh, $6
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(pref, idn, name, birth, hh)
                on conflict (person_ref) do update set name = excluded.name,
                    household_ref = coalesce(excluded.household_ref, person.household_ref),
                    updated_at = excluded.updated_at""")
                .bind(0, pref).bind(1, idn).bind(2, name).bind(3, birth).bind(4, hh)
                .bind(5, now.atOffset(java.time.ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> insertPeriods(UUID batchId, Department department, Instant now, List<RowWrite> accepted) {
        List<PeriodRules.Accept> opens = accepted.stream().map(RowWrite::accept).filter(PeriodRules.Accept::opensPeriod).toList();
        if (opens.isEmpty()) {
            return Mono.empty();
        }
        int n = opens.size();
        String[] pid = new String[n], pref = new String[n], type = new String[n], region = new String[n],
                from = new String[n], to = new String[n], chg = new String[n];
        for (int i = 0; i < n; i++) {
            PeriodRules.Accept a = opens.get(i);
            pid[i] = a.periodId().toString();
            pref[i] = a.row().personRef();
            type[i] = a.row().type().name();
            region[i] = a.row().regionCode();
            from[i] = a.validFrom().toString();
            to[i] = a.validTo() == null ? null : a.validTo().toString();
            chg[i] = a.row().change().name();
        }
        return db.sql("""
                insert into identity_period (period_id, person_ref, identity_type, department, region_code, valid_from,
                                             valid_to, opened_batch, last_change, last_batch, updated_at)
                select t.pid::uuid, t.pref, t.itype, $8, t.region, t.vf::date, t.vt::date, $9, t.chg, $9, $10
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                     as t(pid, pref, itype, region, vf, vt, chg)""")
                .bind(0, pid).bind(1, pref).bind(2, type).bind(3, region).bind(4, from).bind(5, to).bind(6, chg)
                .bind(7, department.name()).bind(8, batchId).bind(9, now.atOffset(java.time.ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> closePeriods(UUID batchId, Instant now, List<RowWrite> accepted) {
        List<PeriodRules.Accept> closes = accepted.stream().map(RowWrite::accept)
                .filter(a -> a.row().change().closes()).toList();
        if (closes.isEmpty()) {
            return Mono.empty();
        }
        int n = closes.size();
        String[] pid = new String[n], to = new String[n], chg = new String[n];
        for (int i = 0; i < n; i++) {
            pid[i] = closes.get(i).periodId().toString();
            to[i] = closes.get(i).validTo().toString();
            chg[i] = closes.get(i).row().change().name();
        }
        return db.sql("""
                update identity_period p set valid_to = t.vt::date, closed_batch = $4, last_change = t.chg,
                       last_batch = $4, updated_at = $5
                from unnest($1::text[], $2::text[], $3::text[]) as t(pid, vt, chg)
                where p.period_id = t.pid::uuid""")
                .bind(0, pid).bind(1, to).bind(2, chg).bind(3, batchId).bind(4, now.atOffset(java.time.ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> supersedePeriods(List<RowWrite> accepted) {
        List<PeriodRules.Accept> corrections = accepted.stream().map(RowWrite::accept)
                .filter(a -> a.superseded() != null).toList();
        if (corrections.isEmpty()) {
            return Mono.empty();
        }
        int n = corrections.size();
        String[] old = new String[n], replacement = new String[n];
        for (int i = 0; i < n; i++) {
            old[i] = corrections.get(i).superseded().toString();
            replacement[i] = corrections.get(i).periodId().toString();
        }
        return db.sql("""
                update identity_period p set superseded_by = t.newid::uuid
                from unnest($1::text[], $2::text[]) as t(oldid, newid) where p.period_id = t.oldid::uuid""")
                .bind(0, old).bind(1, replacement).fetch().rowsUpdated().then();
    }

    private Mono<Void> insertFacts(UUID batchId, Department department, Instant now, List<RowWrite> accepted) {
        if (accepted.isEmpty()) {
            return Mono.empty();
        }
        int n = accepted.size();
        String[] pid = new String[n], pref = new String[n], type = new String[n], region = new String[n],
                chg = new String[n], from = new String[n], to = new String[n], sup = new String[n], rowNo = new String[n],
                ref = new String[n];
        for (int i = 0; i < n; i++) {
            PeriodRules.Accept a = accepted.get(i).accept();
            pid[i] = a.periodId().toString();
            pref[i] = a.row().personRef();
            type[i] = a.row().type().name();
            region[i] = a.row().regionCode();
            chg[i] = a.row().change().name();
            from[i] = a.validFrom().toString();
            to[i] = a.validTo() == null ? null : a.validTo().toString();
            sup[i] = a.superseded() == null ? null : a.superseded().toString();
            rowNo[i] = Integer.toString(a.row().source().rowNo());
            ref[i] = a.row().source().recordReference();
        }
        return db.sql("""
                insert into identity_fact (period_id, person_ref, identity_type, department, region_code, change,
                                           valid_from, valid_to, supersedes_period_id, batch_id, row_no,
                                           record_reference, recorded_at)
                select t.pid::uuid, t.pref, t.itype, $11, t.region, t.chg, t.vf::date, t.vt::date, t.sup::uuid, $12,
                       t.row_no::int, t.ref, $13
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::text[], $9::text[], $10::text[]) as t(pid, pref, itype, region, chg, vf, vt, sup, row_no, ref)""")
                .bind(0, pid).bind(1, pref).bind(2, type).bind(3, region).bind(4, chg).bind(5, from).bind(6, to)
                .bind(7, sup).bind(8, rowNo).bind(9, ref).bind(10, department.name()).bind(11, batchId)
                .bind(12, now.atOffset(java.time.ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    private Mono<Void> insertOutbox(String topic, Instant now, List<RowWrite> accepted) {
        if (accepted.isEmpty()) {
            return Mono.empty();
        }
        int n = accepted.size();
        String[] id = new String[n], key = new String[n], payload = new String[n];
        for (int i = 0; i < n; i++) {
            RowWrite w = accepted.get(i);
            id[i] = w.eventId().toString();
            key[i] = w.accept().row().personRef();
            payload[i] = w.eventPayload();
        }
        // unnest … with ordinality keeps the rows' order in the outbox sequence: one person's events stay in order.
        return db.sql("""
                insert into outbox (event_id, topic, msg_key, payload, event_time)
                select t.id::uuid, $4, t.k, t.p, $5
                from unnest($1::text[], $2::text[], $3::text[]) with ordinality as t(id, k, p, ord)
                order by t.ord""")
                .bind(0, id).bind(1, key).bind(2, payload).bind(3, topic).bind(4, now.atOffset(java.time.ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    /** A page of a batch's rows; {@code accepted} null for all rows. */
    Flux<RowReport> rows(UUID batchId, Boolean accepted, int page, int size) {
        String filter = accepted == null ? "" : " and accepted = " + accepted;
        return db.sql("select * from batch_row where batch_id = $1" + filter + " order by row_no limit $2 offset $3")
                .bind(0, batchId).bind(1, size).bind(2, (long) page * size)
                .map((row, meta) -> new RowReport(row.get("row_no", Integer.class), row.get("record_reference", String.class),
                        Boolean.TRUE.equals(row.get("accepted", Boolean.class)) ? RowReport.ACCEPTED : RowReport.REJECTED,
                        row.get("reason_code", String.class), row.get("reason", String.class),
                        row.get("masked_id", String.class), row.get("person_ref", String.class),
                        row.get("identity_type", String.class), row.get("change", String.class)))
                .all();
    }
}
