package org.onestop.settlement.identity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityChanged;
import org.onestop.settlement.settle.BookStore;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies a poll of {@link IdentityChanged} events to the persons' periods and re-settles their books, in ONE
 * transaction behind the persons' locks; events whose id was already applied (redelivery) are skipped.
 *
 * <p>Periods are stored in the engine's form: {@code valid_until} is the EXCLUSIVE exit date, i.e. the event's
 * inclusive {@code validTo} plus one day. NEW/INCREASE open (or re-state) a period; DECREASE/EXIT set its end;
 * CORRECTION marks {@code supersedesPeriodId} superseded and adds {@code periodId}. A period belongs to the person who
 * first stated it: an event naming another person's period changes nothing.
 *
 * <p>Each person's book is re-settled once per poll, after all of the poll's events of that person: the adjustments
 * (reason IDENTITY_CHANGED) name the person's last event of the poll as their cause. The payments equal those of
 * applying the events one by one (both end at the replay under the identities known after the poll); only
 * intermediate adjustments that a later event of the same poll would undo are not issued.
 */
@Service
public class IdentityView {

    private final DatabaseClient db;
    private final BookStore store;
    private final SettlementService settlements;
    private final TransactionalOperator tx;
    private final JsonMapper json;

    IdentityView(DatabaseClient db, BookStore store, SettlementService settlements, TransactionalOperator tx, JsonMapper json) {
        this.db = db;
        this.store = store;
        this.settlements = settlements;
        this.tx = tx;
        this.json = json;
    }

    /**
     * Applies the events in their order, in one transaction.
     *
     * @return adjustment lines issued, by person re-settled (persons whose events were all applied before are absent)
     */
    public Mono<Map<String, Integer>> applyAll(List<IdentityChanged> events) {
        Map<UUID, IdentityChanged> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.eventId(), e)); // a poll may carry one event twice
        if (byId.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Mono.defer(() -> db.sql("""
                        insert into processed_event (event_id) select unnest($1::uuid[])
                        on conflict do nothing returning event_id""")
                        // in id order: two replicas re-reading overlapping polls after a rebalance wait, never deadlock
                        .bind(0, new TreeSet<>(byId.keySet()).toArray(UUID[]::new))
                        .map((row, meta) -> row.get(0, UUID.class)).all().collect(HashSet<UUID>::new, Set::add)
                        .flatMap(fresh -> {
                            List<IdentityChanged> apply = byId.values().stream().filter(e -> fresh.contains(e.eventId())).toList();
                            return apply.isEmpty() ? Mono.just(Map.<String, Integer>of()) : change(apply);
                        }))
                .as(tx::transactional);
    }

    private Mono<Map<String, Integer>> change(List<IdentityChanged> events) {
        Map<String, String> masked = new LinkedHashMap<>();
        Map<String, UUID> causes = new LinkedHashMap<>();
        for (IdentityChanged e : events) {
            if (e.maskedIdNumber() != null) {
                masked.putIfAbsent(e.personRef(), e.maskedIdNumber());
            }
            causes.remove(e.personRef());
            causes.put(e.personRef(), e.eventId()); // the person's last event, in the order of the persons' last events
        }
        return store.lock(causes.keySet())
                .then(store.rememberMaskedIds(masked))
                .then(Flux.fromIterable(rounds(events)).concatMap(this::applyRound).then())
                .then(settlements.reconcileAll(causes, "IDENTITY_CHANGED"));
    }

    /**
     * The events split into rounds in which each period is touched (stated or superseded) by one event at most, each
     * event in the round after the last one that touched any of its periods: within a round the order of the statements
     * does not matter, and across rounds it is the events' order. A poll of distinct periods is one round.
     */
    static List<List<IdentityChanged>> rounds(List<IdentityChanged> events) {
        Map<UUID, Integer> lastRound = new HashMap<>();
        List<List<IdentityChanged>> rounds = new ArrayList<>();
        for (IdentityChanged e : events) {
            Set<UUID> touched = new LinkedHashSet<>();
            touched.add(e.periodId());
            if (supersedes(e)) {
                touched.add(e.supersedesPeriodId());
            }
            int round = 0;
            for (UUID p : touched) {
                round = Math.max(round, lastRound.getOrDefault(p, -1) + 1);
            }
            for (UUID p : touched) {
                lastRound.put(p, round);
            }
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(e);
        }
        return rounds;
    }

    private static boolean supersedes(IdentityChanged e) {
        return e.change() == ChangeKind.CORRECTION && e.supersedesPeriodId() != null;
    }

    /** One round: the superseded periods marked, then every stated period inserted or re-stated, one statement each. */
    private Mono<Void> applyRound(List<IdentityChanged> round) {
        List<String[]> superseded = new ArrayList<>();
        List<String[]> stated = new ArrayList<>(round.size());
        for (IdentityChanged e : round) {
            if (supersedes(e)) {
                superseded.add(new String[] {e.supersedesPeriodId().toString(), e.eventId().toString()});
            }
            LocalDate exclusiveEnd = e.validTo() == null ? null : e.validTo().plusDays(1);
            stated.add(new String[] {e.periodId().toString(), e.personRef(), e.identityType().name(), e.regionCode(),
                    e.validFrom().toString(), exclusiveEnd == null ? null : exclusiveEnd.toString(), e.eventId().toString()});
        }
        // rows as one JSON array each (jsonb_array_elements … with ordinality): the driver encodes a text[] per column
        // character by character, one of the largest costs of absorbing identities in issue 17's profiles
        Mono<Void> supersede = superseded.isEmpty() ? Mono.empty() : db.sql("""
                update identity_period p set superseded = true, last_event_id = (t.r->>1)::uuid
                from jsonb_array_elements($1::jsonb) as t(r) where p.period_id = (t.r->>0)::uuid""")
                .bind(0, json.writeValueAsString(superseded))
                .fetch().rowsUpdated().then();
        Mono<Void> upsert = db.sql("""
                insert into identity_period (period_id, person_ref, identity_type, region_code, valid_from, valid_until, last_event_id)
                select (t.r->>0)::uuid, t.r->>1, t.r->>2, t.r->>3, (t.r->>4)::date, (t.r->>5)::date, (t.r->>6)::uuid
                from jsonb_array_elements($1::jsonb) with ordinality as t(r, n) order by t.n
                on conflict (period_id) do update set valid_from = excluded.valid_from, valid_until = excluded.valid_until,
                    identity_type = excluded.identity_type, last_event_id = excluded.last_event_id
                where identity_period.person_ref = excluded.person_ref""")
                .bind(0, json.writeValueAsString(stated))
                .fetch().rowsUpdated().then();
        return supersede.then(upsert);
    }
}
