package org.onestop.messaging.outbox;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onestop.events.CloudEventHeaders;
import org.onestop.messaging.copy.CopyIn;
import org.onestop.messaging.copy.CopyText;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends events to {@code messaging_outbox} in the caller's R2DBC transaction: the rows commit or roll back with the
 * state change they announce, and the relay (or a CDC connector) publishes them afterwards. Call it inside the
 * transaction ({@code TransactionalOperator} or {@code @Transactional}); {@link DatabaseClient} then uses the
 * transaction's connection.
 *
 * <p>Rows take their {@code seq} in the order given, so the order of one key's events is the order they are appended.
 */
public final class Outbox {

    /** Rows per INSERT: 7 parameters each stays far below PostgreSQL's 65,535 bind parameters. */
    private static final int CHUNK = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COPY =
            "copy messaging_outbox (id, aggregatetype, aggregateid, type, payload, headers) from stdin";

    private final DatabaseClient db;
    private final String source;

    /**
     * @param db     the service's client (the same connection factory as its transaction manager)
     * @param source this service's CloudEvents {@code ce_source}, e.g. {@code /onestop/settlement-service}
     */
    public Outbox(DatabaseClient db, String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("the outbox needs the service's ce_source");
        }
        this.db = db;
        this.source = source;
    }

    public Mono<Void> append(OutboxEvent event) {
        return append(List.of(event));
    }

    /** Appends {@code events} in the order given; nothing when the list is empty. */
    public Mono<Void> append(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        int chunks = (events.size() + CHUNK - 1) / CHUNK;
        // concatMap, not flatMap: chunks are inserted one after another so seq follows the list
        return Flux.range(0, chunks)
                .concatMap(c -> insert(events.subList(c * CHUNK, Math.min(events.size(), (c + 1) * CHUNK))))
                .then();
    }

    private Mono<Long> insert(List<OutboxEvent> events) {
        StringBuilder sql = new StringBuilder(
                "insert into messaging_outbox (id, aggregatetype, aggregateid, type, payload, headers) values ");
        for (int i = 0; i < events.size(); i++) {
            int p = i * 6;
            sql.append(i == 0 ? "" : ", ").append("($").append(p + 1).append(", $").append(p + 2).append(", $")
                    .append(p + 3).append(", $").append(p + 4).append(", $").append(p + 5).append(", $")
                    .append(p + 6).append("::jsonb)");
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
        for (int i = 0; i < events.size(); i++) {
            OutboxEvent e = events.get(i);
            int p = i * 6;
            spec = spec.bind(p, e.id()).bind(p + 1, e.topic().name()).bind(p + 2, e.key())
                    .bind(p + 3, e.topic().ceType()).bind(p + 4, e.value()).bind(p + 5, headers(e));
        }
        return spec.fetch().rowsUpdated();
    }

    /**
     * The same as {@link #append(List)} by {@code COPY … FROM STDIN}: for bulk writers, where thousands of rows per
     * transaction make a multi-row INSERT the slow part. Rows take their {@code seq} in the order given.
     */
    public Mono<Void> appendByCopy(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        CopyText text = new CopyText(events.size() * 512);
        for (OutboxEvent e : events) {
            text.col(e.id()).col(e.topic().name()).col(e.key()).col(e.topic().ceType()).col(e.value())
                    .col(headers(e)).endRow();
        }
        return CopyIn.copy(db, COPY, text);
    }

    /** The CloudEvents binary-mode headers the relay publishes as they are stored (Debezium would place them too). */
    String headers(OutboxEvent e) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CloudEventHeaders.ID, e.id().toString());
        h.put(CloudEventHeaders.SOURCE, source);
        h.put(CloudEventHeaders.TYPE, e.topic().ceType());
        h.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        h.put(CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(e.time()));
        h.put(CloudEventHeaders.SUBJECT, e.key());
        h.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return JSON.writeValueAsString(h);
    }
}
