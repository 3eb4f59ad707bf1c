package org.onestop.monitoring.warning;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** The dedupe of both input topics: every absorbed event id recorded once, in the transaction that absorbs it. */
final class ProcessedEvents {

    private ProcessedEvents() {
    }

    /** Records {@code ids} (one statement); returns those absorbed for the first time (the rest are redeliveries). */
    static Mono<Set<UUID>> firstTimes(DatabaseClient db, Collection<UUID> ids, String topic) {
        return db.sql("""
                        insert into processed_event (event_id, topic)
                        select t.id::uuid, $2 from unnest($1::text[]) as t(id)
                        on conflict (event_id) do nothing
                        returning event_id""")
                .bind(0, ids.stream().map(UUID::toString).toArray(String[]::new)).bind(1, topic)
                .map((row, meta) -> row.get(0, UUID.class)).all().collect(HashSet::new, Set::add);
    }
}
