package org.onestop.identity.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;
import org.onestop.events.Topics;
import org.onestop.identity.batch.PeriodState.Statement;
import org.onestop.identity.person.PersonCipher;
import org.onestop.messaging.copy.CopyIn;
import org.onestop.messaging.copy.CopyText;
import org.onestop.messaging.outbox.Outbox;
import org.onestop.messaging.outbox.OutboxEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The batch tables over R2DBC. Each chunk's inserts are one {@code COPY … FROM STDIN} stream per table; updates
 * are multi-row statements ({@code update … from unnest(arrays)}), so a chunk costs a handful of round trips.
 */
@Repository
class BatchStore {

    private final DatabaseClient db;
    private final PersonCipher cipher;
    private final Outbox outbox;

    BatchStore(DatabaseClient db, PersonCipher cipher, Outbox outbox) {
        this.cipher = cipher;
        this.db = db;
        this.outbox = outbox;
    }

    /**
     * Serialises submissions of the same batch (same department, area and reference, or same content) until this
     * transaction ends, so the idempotency check that follows stays true until the batch commits. Both keys are
     * taken in one statement in sorted order: two submissions never wait on each other crosswise.
     */
    Mono<Void> lockSubmission(BatchSubmission s) {
        String who = s.department().name() + "|" + s.area() + "|";
        return db.sql("""
                select pg_advisory_xact_lock(k) from (select hashtextextended(t, 0) as k from unnest($1::text[]) t) s
                order by k""")
                .bind(0, new String[] {"reference|" + who + s.departmentReference(), "content|" + who + s.contentHash()})
                .map((row, meta) -> 1).all().then();
    }

    /**
     * Locks {@code personRefs} until this transaction ends (rows of {@code person_lock}, created when missing), in
     * person order and all in one go, so two batches never deadlock. Everything a person's periods depend on (their
     * live periods, whether the person is stored, the order of their events in the outbox) is read and written under
     * it. A batch of another person does not wait; one of the same person waits until this one commits.
     */
    Mono<Void> lockPersons(Collection<String> personRefs) {
        if (personRefs.isEmpty()) {
            return Mono.empty();
        }
        String[] sorted = personRefs.stream().sorted().distinct().toArray(String[]::new);
        // a row another batch inserted and has not committed makes this insert wait for that batch: then it exists
        return db.sql("""
                insert into person_lock (person_ref) select r from unnest($1::text[]) r order by r
                on conflict do nothing""")
                .bind(0, sorted).fetch().rowsUpdated()
                .then(db.sql("select person_ref from person_lock where person_ref = any($1) order by person_ref for update")
                        .bind(0, sorted).map((row, meta) -> 1).all().then());
    }

    /**
     * Locks every person: for a batch of more than one chunk, whose later persons are not known when its first chunk
     * is written (taking them chunk by chunk could deadlock two batches). {@code EXCLUSIVE} on {@code person_lock}
     * waits for every batch holding person locks and holds off every new one until this batch commits; plain reads
     * go on. A roster that large touches thousands of persons anyway.
     */
    Mono<Void> lockAllPersons() {
        return db.sql("lock table person_lock in exclusive mode").fetch().rowsUpdated().then();
    }

    /** An earlier batch a submission matches, and whether it has the submission's content. */
    record Earlier(BatchReport report, boolean sameContent) {
    }

    /**
     * The earlier batch of the same department and area with this department reference or this content, if any: the
     * one under the same reference first (its content decides between a duplicate and a refusal).
     */
    Mono<Earlier> findEarlier(BatchSubmission s) {
        return db.sql("""
                select *, content_hash = $4 as same_content, department_reference = $3 as same_reference from batch
                where department = $1 and area = $2 and (department_reference = $3 or content_hash = $4)
                order by same_reference desc, received_at limit 1""")
                .bind(0, s.department().name()).bind(1, s.area()).bind(2, s.departmentReference())
                .bind(3, s.contentHash())
                .map((row, meta) -> new Earlier(summary(row), Boolean.TRUE.equals(row.get("same_content", Boolean.class))))
                .one();
    }

    Mono<BatchReport> find(UUID batchId) {
        return db.sql("select * from batch where id = $1").bind(0, batchId).map((row, meta) -> summary(row)).one();
    }

    private static BatchReport summary(io.r2dbc.spi.Row row) {
        return new BatchReport(row.get("id", UUID.class), row.get("department", String.class), row.get("area", String.class),
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
                                   issuing_unit, received_at, area, kind)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
                .bind(0, id).bind(1, s.department().name()).bind(2, s.departmentReference()).bind(3, s.contentHash())
                .bind(4, s.source())
                .bind(5, s.identityType() == null ? "" : s.identityType())
                .bind(6, s.issuingUnit() == null ? "" : s.issuingUnit())
                .bind(7, now.atOffset(java.time.ZoneOffset.UTC))
                .bind(8, s.area())
                .bind(9, s.kind() == null ? BatchSubmission.ADJUSTMENT : s.kind())
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
    record RowWrite(RowReport report, PeriodRules.Accept accept, byte[] eventPayload, UUID eventId) {
    }

    /** Those of these persons already stored (their person locks keep the answer true until the batch commits). */
    Mono<Set<String>> existingPersons(Collection<String> personRefs) {
        if (personRefs.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("select person_ref from person where person_ref = any($1)")
                .bind(0, personRefs.toArray(String[]::new))
                .map((row, meta) -> row.get(0, String.class))
                .all().collect(Collectors.toSet());
    }

    /**
     * Writes one chunk in the caller's transaction. Inserts go through {@code COPY … FROM STDIN} (one stream per
     * table, no per-row statement); the rare updates (exits, corrections, known persons) stay multi-row statements.
     * Accepted rows get no {@code batch_row}: their report line is their {@code identity_fact} (see {@link #rows}).
     */
    Mono<Void> writeChunk(UUID batchId, Department department, Instant now, List<RowWrite> rows,
            Set<String> knownPersons) {
        List<RowWrite> accepted = rows.stream().filter(r -> r.accept() != null).toList();
        Map<String, ValidRow> newPersons = new LinkedHashMap<>();
        List<RowWrite> knownPersonRows = new ArrayList<>();
        for (RowWrite w : accepted) {
            ValidRow r = w.accept().row();
            if (knownPersons.contains(r.personRef())) {
                knownPersonRows.add(w);
            } else {
                newPersons.put(r.personRef(), r);
            }
        }
        String ts = now.atOffset(ZoneOffset.UTC).toString();
        CopyText persons = new CopyText(newPersons.size() * 300);
        for (ValidRow r : newPersons.values()) {
            persons.col(r.personRef()).col(r.id().mask())
                    .col(PersonCipher.hex(cipher.seal(r.id().value(), r.personRef(), PersonCipher.ID_NUMBER)))
                    .col(PersonCipher.hex(cipher.seal(r.source().name().strip(), r.personRef(), PersonCipher.NAME)))
                    .col(cipher.activeKeyId()).col(r.id().birthDate().getYear()).col(r.householdRef()).col(ts).endRow();
        }
        CopyText periods = new CopyText(accepted.size() * 200);
        CopyText facts = new CopyText(accepted.size() * 220);
        List<OutboxEvent> events = new ArrayList<>(accepted.size());
        String dept = department.name();
        for (RowWrite w : accepted) {
            PeriodRules.Accept a = w.accept();
            ValidRow r = a.row();
            if (a.opensPeriod()) {
                periods.col(a.periodId()).col(r.personRef()).col(r.type().name()).col(dept).col(r.regionCode())
                        .col(a.validFrom()).col(a.validTo()).col(batchId).col(r.change().name()).col(batchId).col(ts)
                        .endRow();
            }
            facts.col(a.periodId()).col(r.personRef()).col(r.type().name()).col(dept).col(r.regionCode())
                    .col(r.change().name()).col(a.validFrom()).col(a.validTo()).col(a.superseded()).col(batchId)
                    .col(r.source().rowNo()).col(r.source().recordReference()).col(ts).endRow();
            events.add(new OutboxEvent(Topics.IDENTITY_CHANGED, r.personRef(), w.eventId(), w.eventPayload(), now));
        }
        CopyText rejected = new CopyText(64);
        for (RowWrite w : rows) {
            if (w.accept() == null) {
                RowReport r = w.report();
                rejected.col(batchId).col(r.rowNumber()).col(false).col(r.reasonCode()).col(r.reason())
                        .col(r.recordReference()).col(r.maskedIdNumber()).col(r.personRef()).col(r.identityType())
                        .col(r.change()).endRow();
            }
        }
        return copy("copy batch_row (batch_id, row_no, accepted, reason_code, reason, record_reference, masked_id, "
                        + "person_ref, identity_type, change) from stdin", rejected)
                .then(copy("copy person (person_ref, masked_id, id_number_enc, name_enc, key_id, birth_year, "
                        + "household_ref, updated_at) from stdin", persons))
                .then(upsertPersons(knownPersonRows, now))
                .then(copy("copy identity_period (period_id, person_ref, identity_type, department, region_code, "
                        + "valid_from, valid_to, opened_batch, last_change, last_batch, updated_at) from stdin", periods))
                .then(closePeriods(batchId, now, accepted))
                .then(supersedePeriods(accepted))
                .then(copy("copy identity_fact (period_id, person_ref, identity_type, department, region_code, change, "
                        + "valid_from, valid_to, supersedes_period_id, batch_id, row_no, record_reference, recorded_at) "
                        + "from stdin", facts))
                // COPY inserts in the order given, so the outbox sequence follows the rows: per-person order holds.
                .then(outbox.appendByCopy(events));
    }

    /** Streams the rows into the transaction's connection with {@code COPY … FROM STDIN}. */
    private Mono<Void> copy(String sql, CopyText rows) {
        return CopyIn.copy(db, sql, rows);
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
        String[] masked = new String[n];
        int i = 0;
        for (ValidRow r : persons.values()) {
            pref[i] = r.personRef();
            masked[i] = r.id().mask();
            idn[i] = HexFormat.of().formatHex(cipher.seal(r.id().value(), r.personRef(), PersonCipher.ID_NUMBER));
            name[i] = HexFormat.of().formatHex(
                    cipher.seal(r.source().name().strip(), r.personRef(), PersonCipher.NAME));
            birth[i] = Integer.toString(r.id().birthDate().getYear());
            hh[i] = r.householdRef();
            i++;
        }
        return db.sql("""
                insert into person (person_ref, masked_id, id_number_enc, name_enc, key_id, birth_year, household_ref,
                    updated_at)
                select t.pref, t.masked, decode(t.idn, 'hex'), decode(t.name, 'hex'), $8, t.birth::smallint, t.hh, $6
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $7::text[])
                    as t(pref, idn, name, birth, hh, masked)
                on conflict (person_ref) do update set id_number_enc = excluded.id_number_enc,
                    name_enc = excluded.name_enc, key_id = excluded.key_id, id_number = null, name = null,
                    household_ref = coalesce(excluded.household_ref, person.household_ref),
                    updated_at = excluded.updated_at""")
                .bind(0, pref).bind(1, idn).bind(2, name).bind(3, birth).bind(4, hh)
                .bind(5, now.atOffset(java.time.ZoneOffset.UTC)).bind(6, masked).bind(7, cipher.activeKeyId())
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

    /**
     * A page of a batch's rows; {@code accepted} null for all. Rejected rows are {@code batch_row}; an accepted row is
     * its {@code identity_fact} (same batch and row number; the masked number comes from {@code person}).
     */
    Flux<RowReport> rows(UUID batchId, Boolean accepted, int page, int size) {
        String acceptedRows = """
                select f.row_no, f.record_reference, true as accepted, null::text as reason_code, null::text as reason,
                       p.masked_id as masked_id, f.person_ref,
                       f.identity_type, f.change
                from identity_fact f join person p on p.person_ref = f.person_ref where f.batch_id = $1""";
        String rejectedRows = """
                select row_no, record_reference, accepted, reason_code, reason, masked_id, person_ref, identity_type, change
                from batch_row where batch_id = $1""";
        String rows = accepted == null ? acceptedRows + " union all " + rejectedRows
                : accepted ? acceptedRows : rejectedRows;
        return db.sql("select * from (" + rows + ") r order by row_no limit $2 offset $3")
                .bind(0, batchId).bind(1, size).bind(2, (long) page * size)
                .map((row, meta) -> new RowReport(row.get("row_no", Integer.class), row.get("record_reference", String.class),
                        Boolean.TRUE.equals(row.get("accepted", Boolean.class)) ? RowReport.ACCEPTED : RowReport.REJECTED,
                        row.get("reason_code", String.class), row.get("reason", String.class),
                        row.get("masked_id", String.class), row.get("person_ref", String.class),
                        row.get("identity_type", String.class), row.get("change", String.class)))
                .all();
    }
}
