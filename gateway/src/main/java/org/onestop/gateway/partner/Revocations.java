package org.onestop.gateway.partner;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Revocation of tokens before they expire, from the {@code partner} table, without a lookup per call:
 * <ul>
 * <li>a partner with {@code enabled = false}: every token it holds is refused (and the token endpoint already issues
 * none);</li>
 * <li>a partner whose secret was changed ({@code secret_changed_at}): tokens issued before the change are refused, so
 * rotating a leaked secret also cuts off the tokens obtained with it.</li>
 * </ul>
 * The table is re-read every {@code revocation-refresh} (5 s): a revocation takes effect within that time on every
 * gateway instance. Only disabled partners and secrets changed within one token lifetime are kept in memory; older
 * changes cannot matter, since no token outlives its {@code ttl}. If the database cannot be read the last known list
 * stays in force (tokens are still verified in full; the failure is logged).
 */
@Component
public class Revocations implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Revocations.class);
    /** In the map: a disabled partner. */
    private static final Instant ALL = Instant.MAX;

    private final DatabaseClient db;
    private final Duration ttl;
    private final Duration refresh;
    private volatile Map<String, Instant> notBefore = Map.of();
    private volatile Disposable loop;

    Revocations(DatabaseClient db, GatewayProperties properties) {
        this.db = db;
        this.ttl = properties.tokens().ttl();
        this.refresh = properties.tokens().revocationRefresh();
    }

    /** Throws a 401 problem when a token of {@code clientId} issued at {@code issuedAt} has been revoked. */
    public void check(String clientId, Instant issuedAt) {
        Instant cut = notBefore.get(clientId);
        if (cut == null) {
            return;
        }
        if (cut == ALL || issuedAt == null || issuedAt.isBefore(cut)) {
            throw Problem.of(HttpStatus.UNAUTHORIZED, "token-revoked",
                    "访问令牌已被撤销,请重新获取 (this token was revoked: the partner is disabled or its secret was changed)")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"onestop\", error=\"invalid_token\"");
        }
    }

    /** Reads the table now (the loop calls it; tests call it instead of waiting). */
    public Mono<Void> refresh() {
        OffsetDateTime recent = OffsetDateTime.now().minus(ttl).minusMinutes(1);
        return db.sql("select client_id, enabled, secret_changed_at from partner where not enabled or secret_changed_at > $1")
                .bind(0, recent)
                .map((row, meta) -> Map.entry(row.get("client_id", String.class),
                        Boolean.TRUE.equals(row.get("enabled", Boolean.class))
                                // iat has whole seconds: a token issued in the second of the change is not cut off
                                ? row.get("secret_changed_at", OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.SECONDS)
                                : ALL))
                .all()
                .collectList()
                .doOnNext(rows -> {
                    Map<String, Instant> fresh = new HashMap<>();
                    rows.forEach(e -> fresh.put(e.getKey(), e.getValue()));
                    notBefore = Map.copyOf(fresh);
                })
                .then();
    }

    @Override
    public void start() {
        loop = Flux.interval(Duration.ZERO, refresh, Schedulers.single())
                .onBackpressureDrop()
                .concatMap(tick -> refresh().onErrorResume(e -> {
                    log.error("Token revocations not refreshed, keeping the last list: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable l = loop;
        if (l != null) {
            l.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }
}
