package org.onestop.settlement.whatif;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The runs' state in {@code whatif_run}: any replica reads and cancels any run; the replica that accepted a run executes
 * it and alone moves it on (QUEUED → RUNNING → DONE/FAILED/CANCELLED). Nothing of the books is written here.
 */
@Repository
class WhatIfRunStore {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    WhatIfRunStore(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Stores a QUEUED run unless the office already has {@code limit} runs queued or running (a RUNNING run not updated
     * since {@code staleBefore} lost its replica and counts for nothing). One office's inserts take turns on an
     * advisory lock, so two requests at once cannot both take the last place.
     *
     * @return false when the office is at its limit (nothing stored)
     */
    Mono<Boolean> insert(UUID id, String region, int year, String area, String office, String candidateYaml,
                         String parameters, int limit, Instant now, Instant staleBefore) {
        Mono<Void> lock = db.sql("select pg_advisory_xact_lock(hashtext('whatif_run:' || $1)::bigint)").bind(0, office)
                .fetch().all().then();
        var spec = db.sql("""
                insert into whatif_run (id, policy_region, year, area, office, candidate, parameters, status, created_at, updated_at)
                select $1, $2, $3, $4, $5, $6, $7, 'QUEUED', $8, $8
                where (select count(*) from whatif_run where office = $5 and status in ('QUEUED', 'RUNNING')
                       and not (status = 'RUNNING' and updated_at < $9)) < $10""")
                .bind(0, id).bind(1, region).bind(2, year);
        spec = area == null ? spec.bindNull(3, String.class) : spec.bind(3, area);
        spec = spec.bind(4, office).bind(5, candidateYaml);
        spec = parameters == null ? spec.bindNull(6, String.class) : spec.bind(6, parameters);
        Mono<Boolean> insert = spec.bind(7, at(now)).bind(8, at(staleBefore)).bind(9, limit).fetch().rowsUpdated().map(n -> n > 0);
        // the count must be read after the lock is held: a statement of its own, in the lock's transaction
        return tx.transactional(lock.then(insert));
    }

    Mono<WhatIfRun> find(UUID id) {
        return db.sql("""
                select id, policy_region, year, status, cancel_requested, persons_total, persons_done, result_json, result_csv,
                       error, created_at, updated_at from whatif_run where id = $1""")
                .bind(0, id)
                .map((row, meta) -> new WhatIfRun(row.get(0, UUID.class), row.get(1, String.class), row.get(2, Integer.class),
                        row.get(3, String.class), Boolean.TRUE.equals(row.get(4, Boolean.class)), row.get(5, Integer.class),
                        row.get(6, Integer.class), row.get(7, String.class), row.get(8, String.class), row.get(9, String.class),
                        row.get(10, OffsetDateTime.class).toInstant(), row.get(11, OffsetDateTime.class).toInstant()))
                .one();
    }

    /** The candidate YAML a run was asked with. */
    Mono<String> candidate(UUID id) {
        return db.sql("select candidate from whatif_run where id = $1").bind(0, id).map((row, meta) -> row.get(0, String.class)).one();
    }

    /** QUEUED → RUNNING; false when the run was cancelled (or claimed) before. */
    Mono<Boolean> claim(UUID id, Instant now) {
        return db.sql("update whatif_run set status = 'RUNNING', updated_at = $2 where id = $1 and status = 'QUEUED'")
                .bind(0, id).bind(1, at(now)).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Records progress; answers whether a cancel was asked (on any replica). */
    Mono<Boolean> progress(UUID id, Integer total, int done, Instant now) {
        var spec = db.sql("""
                update whatif_run set persons_total = $2, persons_done = $3, updated_at = $4 where id = $1
                returning cancel_requested""").bind(0, id);
        spec = total == null ? spec.bindNull(1, Integer.class) : spec.bind(1, total);
        return spec.bind(2, done).bind(3, at(now)).map((row, meta) -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .one().defaultIfEmpty(true);
    }

    /** RUNNING → DONE, FAILED or CANCELLED, with the result or the reason. */
    Mono<Void> finish(UUID id, String status, String json, String csv, String error, Instant now) {
        var spec = db.sql("""
                update whatif_run set status = $2, result_json = $3, result_csv = $4, error = $5, updated_at = $6
                where id = $1 and status = 'RUNNING'""").bind(0, id).bind(1, status);
        spec = json == null ? spec.bindNull(2, String.class) : spec.bind(2, json);
        spec = csv == null ? spec.bindNull(3, String.class) : spec.bind(3, csv);
        spec = error == null ? spec.bindNull(4, String.class) : spec.bind(4, error);
        return spec.bind(5, at(now)).fetch().rowsUpdated().then();
    }

    /**
     * Asks a run to stop: a QUEUED run is CANCELLED at once, a RUNNING one is flagged (its replica stops at its next
     * check). Empty when the run is unknown or already finished.
     */
    Mono<String> cancel(UUID id, Instant now) {
        return db.sql("""
                update whatif_run set cancel_requested = true,
                       status = case when status = 'QUEUED' then 'CANCELLED' else status end, updated_at = $2
                where id = $1 and status in ('QUEUED', 'RUNNING') returning status""")
                .bind(0, id).bind(1, at(now)).map((row, meta) -> row.get(0, String.class)).one();
    }

    private static OffsetDateTime at(Instant now) {
        return now.atOffset(ZoneOffset.UTC);
    }
}
