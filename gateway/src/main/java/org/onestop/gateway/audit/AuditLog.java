package org.onestop.gateway.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.MeterRegistry;
import org.onestop.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Write-behind audit log: requests enqueue an entry and return; one loop inserts what is queued every
 * {@code flush-interval}, in one statement per batch, so audit never adds a database round trip to a partner's call.
 * The price: entries queued in the last interval are lost if the process is killed (a graceful stop flushes them), and
 * when the queue is full an entry is dropped, counted in {@code onestop_gateway_audit_dropped_total} and logged.
 */
@Component
public class AuditLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final DatabaseClient db;
    private final GatewayProperties.Audit settings;
    private final BlockingQueue<AuditEntry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile Disposable loop;

    AuditLog(DatabaseClient db, GatewayProperties properties, MeterRegistry meters) {
        this.db = db;
        this.settings = properties.audit();
        this.queue = new ArrayBlockingQueue<>(settings.maxQueue());
        meters.gauge("onestop_gateway_audit_queue", queue, BlockingQueue::size);
        meters.more().counter("onestop_gateway_audit_dropped", List.of(), dropped);
    }

    public void record(AuditEntry entry) {
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
            log.error("audit queue full, entry dropped: partner={} action={} status={}", entry.partner(), entry.action(),
                    entry.status());
        }
    }

    /** Inserts everything queued now; completes when it is stored. */
    public Mono<Void> flush() {
        return Mono.defer(() -> {
            List<AuditEntry> batch = new ArrayList<>();
            queue.drainTo(batch, 1000);
            if (batch.isEmpty()) {
                return Mono.empty();
            }
            return insert(batch).then(flush());
        });
    }

    private Mono<Void> insert(List<AuditEntry> batch) {
        StringBuilder sql = new StringBuilder("insert into audit_entry (at, partner, partner_type, action, method, path, "
                + "person_ref, status, request_id) values ");
        for (int i = 0; i < batch.size(); i++) {
            int b = i * 9;
            sql.append(i == 0 ? "" : ", ").append('(');
            for (int c = 1; c <= 9; c++) {
                sql.append(c == 1 ? "" : ", ").append('$').append(b + c);
            }
            sql.append(')');
        }
        // One bindValues call: binding parameter by parameter copies every earlier binding each time (quadratic in
        // the batch), which a profile showed as the gateway's largest CPU cost under load.
        List<Object> values = new ArrayList<>(batch.size() * 9);
        for (AuditEntry e : batch) {
            values.add(e.at().atOffset(java.time.ZoneOffset.UTC));
            values.add(e.partner());
            values.add(Parameter.fromOrEmpty(e.partnerType(), String.class));
            values.add(e.action());
            values.add(e.method());
            values.add(e.path());
            values.add(Parameter.fromOrEmpty(e.personRef(), String.class));
            values.add(e.status());
            values.add(e.requestId());
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString()).bindValues(values);
        return spec.then().onErrorResume(ex -> {
            log.error("audit insert of {} entries failed: {}", batch.size(), ex.toString());
            batch.forEach(queue::offer); // try again next round
            return Mono.delay(java.time.Duration.ofSeconds(1)).then();
        });
    }

    public Flux<AuditEntry> query(String partner, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("select at, partner, partner_type, action, method, path, person_ref, status, "
                + "request_id from audit_entry where at >= $1 and at < $2");
        if (partner != null) {
            sql.append(" and partner = $3");
        }
        sql.append(" order by at desc, id desc limit ").append(limit);
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString())
                .bind(0, from.atOffset(java.time.ZoneOffset.UTC)).bind(1, to.atOffset(java.time.ZoneOffset.UTC));
        if (partner != null) {
            spec = spec.bind(2, partner);
        }
        return spec.map((row, meta) -> new AuditEntry(row.get("at", java.time.OffsetDateTime.class).toInstant(),
                row.get("partner", String.class), row.get("partner_type", String.class), row.get("action", String.class),
                row.get("method", String.class), row.get("path", String.class), row.get("person_ref", String.class),
                row.get("status", Integer.class), row.get("request_id", String.class))).all();
    }

    @Override
    public void start() {
        loop = Flux.interval(settings.flushInterval(), Schedulers.single())
                .onBackpressureDrop()
                .concatMap(tick -> flush(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable l = loop;
        if (l != null) {
            l.dispose();
        }
        flush().block(java.time.Duration.ofSeconds(10));
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }

    /** Stops after the web server (which stops at a higher phase) so the last requests' entries are flushed. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
