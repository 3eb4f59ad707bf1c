package org.onestop.gateway.access;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The partners' API rate, shared by every gateway replica through the gateway's own PostgreSQL database: one budget of
 * {@code requests-per-second} per client id per window, however many replicas serve the partner.
 *
 * <p>Fast path: a replica reserves a slice of the budget ({@code lease-share} of the limit) in one statement and spends
 * it in memory, so a call costs a map lookup and an atomic decrement; only every slice-th call of a partner waits for
 * the database (one {@code INSERT … ON CONFLICT DO UPDATE … RETURNING}: the row is locked for the statement, so two
 * replicas never hand out the same permit). Concurrent calls that find the slice spent share one reservation.
 *
 * <p>Store unreachable or slower than {@code store-timeout}: fail open with the local limit ({@link RateLimits}, the
 * full rate per replica) for {@code fallback-for}, then ask the database again. A stalled database must not take
 * every partner's traffic down with it; the per-replica limit still bounds each replica.
 */
@Component
public class SharedRateLimits {

    private static final Logger log = LoggerFactory.getLogger(SharedRateLimits.class);

    /**
     * Grants {@code least(ask, limit - used)} in the current window (numbered by the database's clock) and returns it
     * with the milliseconds left in the window. In {@code SET}, {@code w.*} is the row before the update.
     */
    static final String RESERVE = """
            insert into rate_window as w (limit_key, window_no, used, last_granted)
            values ($1, floor(extract(epoch from clock_timestamp()) * 1000 / $4)::bigint, least($2, $3), least($2, $3))
            on conflict (limit_key) do update set
                last_granted = case when w.window_no = excluded.window_no
                                    then greatest(0, least($2, $3 - w.used)) else excluded.last_granted end,
                used = case when w.window_no = excluded.window_no
                            then least($3, w.used + $2) else excluded.used end,
                window_no = excluded.window_no
            returning last_granted,
                      $4 - (floor(extract(epoch from clock_timestamp()) * 1000)::bigint % $4) as millis_left""";

    /** Permits of one key reserved from the shared budget, valid until the window they came from ends. */
    record Lease(AtomicInteger remaining, long validUntilNanos, int granted) {

        boolean take(long nowNanos) {
            return nowNanos < validUntilNanos && remaining.getAndUpdate(r -> r > 0 ? r - 1 : r) > 0;
        }
    }

    private final DatabaseClient db;
    private final RateLimits local;
    private final SharedLimitsProperties settings;
    private final int limit;
    private final int slice;
    private final LongSupplier nanos;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final Map<String, Mono<Lease>> reserving = new ConcurrentHashMap<>();
    private volatile long storeRetryAtNanos = Long.MIN_VALUE;

    @Autowired
    SharedRateLimits(DatabaseClient db, RateLimits local, SharedLimitsProperties settings, GatewayProperties properties) {
        this(db, local, settings, properties.limits().requestsPerSecond(), System::nanoTime);
    }

    SharedRateLimits(DatabaseClient db, RateLimits local, SharedLimitsProperties settings, int limit, LongSupplier nanos) {
        this.db = db;
        this.local = local;
        this.settings = settings;
        this.limit = limit;
        this.slice = Math.max(1, (int) Math.ceil(limit * settings.leaseShare()));
        this.nanos = nanos;
    }

    /**
     * Takes one permit of the partner's API rate; completes empty when granted, or fails with the 429 problem
     * ({@code rate-limited}, {@code Retry-After}).
     */
    public Mono<Void> acquireApi(String clientId) {
        return acquire(clientId, true);
    }

    private Mono<Void> acquire(String clientId, boolean mayReserveAgain) {
        if (!settings.enabled() || nanos.getAsLong() < storeRetryAtNanos) {
            return local(clientId);
        }
        String key = "api:" + clientId;
        Lease lease = leases.get(key);
        if (lease != null && lease.take(nanos.getAsLong())) {
            return Mono.empty();
        }
        return reserve(key).flatMap(fresh -> {
            long now = nanos.getAsLong();
            if (fresh.take(now)) {
                return Mono.<Void>empty();
            }
            if (now >= fresh.validUntilNanos()) {
                // the answer arrived after its window had closed (a store slower than the rest of the window, e.g. a
                // cold connection): that is no excess of the partner's; ask for the new window once, then the local
                // limit, as for a store too slow to answer at all
                return mayReserveAgain ? acquire(clientId, false) : local(clientId);
            }
            // a full slice spent by the calls that waited with this one: the budget may hold more, ask once more
            return fresh.granted() == slice && mayReserveAgain ? acquire(clientId, false) : Mono.<Void>error(limited());
        }).onErrorResume(e -> !(e instanceof Problem), e -> {
            storeFailed(e);
            return local(clientId);
        });
    }

    /** One reservation per key at a time; the calls arriving meanwhile wait for it and share its slice. */
    private Mono<Lease> reserve(String key) {
        return reserving.computeIfAbsent(key, k -> Mono.defer(() -> {
            long sent = nanos.getAsLong();
            return db.sql(RESERVE).bind(0, k).bind(1, slice).bind(2, limit).bind(3, settings.window().toMillis())
                    .map((row, meta) -> new Lease(new AtomicInteger(row.get(0, Integer.class)),
                            sent + Duration.ofMillis(row.get(1, Long.class)).toNanos(), row.get(0, Integer.class)))
                    .one()
                    .timeout(settings.storeTimeout());
        // forgotten before anyone hears the answer (onNext, not onComplete, which comes after the waiters ran): a
        // waiter asking once more must reserve afresh, not be handed this answer again from the cache
        }).doOnNext(l -> {
            reserving.remove(k);
            leases.put(k, l);
        }).doOnError(e -> reserving.remove(k)).doOnCancel(() -> reserving.remove(k)).cache());
    }

    private Mono<Void> local(String clientId) {
        try {
            local.acquireApi(clientId);
            return Mono.empty();
        } catch (Problem p) {
            return Mono.error(p);
        }
    }

    private void storeFailed(Throwable e) {
        boolean first = nanos.getAsLong() >= storeRetryAtNanos;
        storeRetryAtNanos = nanos.getAsLong() + settings.fallbackFor().toNanos();
        if (first) {
            log.warn("shared rate limits: the database did not answer ({}); each replica limits alone for {}",
                    e.getClass().getSimpleName(), settings.fallbackFor());
        }
    }

    private Problem limited() {
        return Problem.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "请求过于频繁,请稍后重试 (too many requests for this client; see Retry-After)").header("Retry-After", "1")
                .with("limitPerSecond", limit);
    }
}
