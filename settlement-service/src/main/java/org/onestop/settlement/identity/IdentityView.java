package org.onestop.settlement.identity;

import java.util.UUID;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityChanged;
import org.onestop.settlement.settle.BookStore;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Applies one {@link IdentityChanged} to the person's periods and re-settles their book, in one transaction behind the
 * person's lock; skipped when its event id was already applied (redelivery).
 *
 * <p>Periods are stored in the engine's form: {@code valid_until} is the EXCLUSIVE exit date, i.e. the event's
 * inclusive {@code validTo} plus one day. NEW/INCREASE open (or re-state) a period; DECREASE/EXIT set its end;
 * CORRECTION marks {@code supersedesPeriodId} superseded and adds {@code periodId}.
 */
@Service
public class IdentityView {

    private final DatabaseClient db;
    private final BookStore store;
    private final SettlementService settlements;
    private final TransactionalOperator tx;

    IdentityView(DatabaseClient db, BookStore store, SettlementService settlements, TransactionalOperator tx) {
        this.db = db;
        this.store = store;
        this.settlements = settlements;
        this.tx = tx;
    }

    /** @return adjustment lines issued, or -1 when the event had been applied before */
    public Mono<Integer> apply(IdentityChanged e) {
        return Mono.defer(() -> db.sql("insert into processed_event (event_id) values ($1) on conflict do nothing")
                        .bind(0, e.eventId()).fetch().rowsUpdated()
                        .flatMap(inserted -> inserted == 0 ? Mono.just(-1)
                                : store.lockPerson(e.personRef(), e.maskedIdNumber())
                                        .then(store.rememberMaskedId(e.personRef(), e.maskedIdNumber()))
                                        .then(change(e))
                                        .then(settlements.reconcile(e.personRef(), "IDENTITY_CHANGED", e.eventId()))))
                .as(tx::transactional);
    }

    private Mono<Void> change(IdentityChanged e) {
        var until = e.validTo() == null ? null : e.validTo().plusDays(1);
        ChangeKind kind = e.change();
        if (kind == ChangeKind.CORRECTION && e.supersedesPeriodId() != null) {
            return db.sql("update identity_period set superseded = true, last_event_id = $2 where period_id = $1")
                    .bind(0, e.supersedesPeriodId()).bind(1, e.eventId()).fetch().rowsUpdated()
                    .then(upsert(e, until));
        }
        if (kind.closes()) {
            // the period's bounds as the event states them; a close for a period never seen opens it closed
            return upsert(e, until);
        }
        return upsert(e, until);
    }

    private Mono<Void> upsert(IdentityChanged e, java.time.LocalDate until) {
        var spec = db.sql("""
                insert into identity_period (period_id, person_ref, identity_type, region_code, valid_from, valid_until, last_event_id)
                values ($1, $2, $3, $4, $5, $6, $7)
                on conflict (period_id) do update set valid_from = excluded.valid_from, valid_until = excluded.valid_until,
                    identity_type = excluded.identity_type, last_event_id = excluded.last_event_id
                where identity_period.person_ref = excluded.person_ref""")
                .bind(0, e.periodId()).bind(1, e.personRef()).bind(2, e.identityType().name()).bind(3, e.regionCode())
                .bind(4, e.validFrom()).bind(6, e.eventId());
        spec = until == null ? spec.bindNull(5, java.time.LocalDate.class) : spec.bind(5, until);
        return spec.fetch().rowsUpdated().then();
    }

}
