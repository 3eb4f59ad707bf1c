package org.onestop.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.onestop.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The replicas behind each service ({@code onestop.gateway.services.*}, e.g. {@code IDENTITY_URI} = a comma-separated
 * list) and which of them to call next: round robin over the replicas believed ready. A replica is believed not ready
 * from the moment a connection to it is refused (the {@link ReplicaRoutingFilter} then tries the next one) or its
 * readiness endpoint does not answer UP, until that endpoint answers UP again; it is asked every
 * {@code onestop.gateway.replica-check} (2 s; only where a service has more than one replica: with one there is nothing
 * to choose). When no replica is believed
 * ready, the round robin runs over all of them, so the call fails (or succeeds) honestly instead of being refused here.
 *
 * <p>A static list on purpose: the embedded default knows its replicas' ports; on Kubernetes each service is one
 * Service address in front of its pods, so the list has one entry there.
 */
@Component
public class Upstreams implements SmartLifecycle {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(Upstreams.class);

    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final WebClient http = WebClient.builder().build();
    private final Duration checkInterval;
    private volatile Disposable loop;

    Upstreams(GatewayProperties properties, @Value("${onestop.gateway.replica-check:2s}") Duration checkInterval) {
        this.checkInterval = checkInterval;
        GatewayProperties.Services s = properties.services();
        pools.put("identity", new Pool(s.identity()));
        pools.put("settlement", new Pool(s.settlement()));
        pools.put("enrollment", new Pool(s.enrollment()));
        pools.put("monitoring", new Pool(s.monitoring()));
        pools.put("console", new Pool(s.console()));
    }

    /** The replica of {@code service} ({@code identity}, {@code settlement}, {@code enrollment}, {@code monitoring}) to call next. */
    public URI choose(String service) {
        return pool(service).choose();
    }

    /** How many replicas {@code service} has: the most attempts one call may make. */
    int size(String service) {
        return pool(service).replicas.size();
    }

    /** A connection to {@code replica} was refused: skip it until its readiness answers UP. */
    void refused(String service, URI replica) {
        Pool pool = pool(service);
        if (pool.replicas.size() > 1 && pool.setReady(replica, false)) {
            log.warn("{} replica {} refused a connection; skipping it until it is ready", service, replica);
        }
    }

    private Pool pool(String service) {
        Pool pool = pools.get(service);
        if (pool == null) {
            throw new IllegalArgumentException("No upstream service '" + service + "'");
        }
        return pool;
    }

    private Mono<Void> check(String service, Pool pool, URI replica) {
        return http.get().uri(replica.resolve("/actuator/health/readiness"))
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().is2xxSuccessful()))
                .timeout(CHECK_TIMEOUT)
                .onErrorReturn(false)
                .doOnNext(ready -> {
                    if (pool.setReady(replica, ready)) {
                        log.info("{} replica {} is {}", service, replica, ready ? "ready again" : "not ready; skipping it");
                    }
                })
                .then();
    }

    @Override
    public void start() {
        List<Mono<Void>> checks = pools.entrySet().stream().filter(e -> e.getValue().replicas.size() > 1)
                .flatMap(e -> e.getValue().replicas.stream().map(replica -> Mono.defer(() -> check(e.getKey(), e.getValue(), replica))))
                .toList();
        if (checks.isEmpty()) {
            return;
        }
        // the first look after one interval: until then every replica is presumed ready, a refused connection says otherwise
        loop = Flux.interval(checkInterval, checkInterval, Schedulers.single())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.when(checks), 1)
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
        Disposable l = loop;
        return l != null && !l.isDisposed();
    }

    /** One service's replicas in their configured order, with a readiness flag each and the round-robin position. */
    private static final class Pool {

        private final List<URI> replicas;
        private final Map<URI, Boolean> ready = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();

        Pool(List<URI> replicas) {
            if (replicas == null || replicas.isEmpty()) {
                throw new IllegalArgumentException("A service needs at least one replica URI");
            }
            this.replicas = List.copyOf(replicas);
            this.replicas.forEach(replica -> ready.put(replica, true));
        }

        URI choose() {
            int size = replicas.size();
            int start = Math.floorMod(next.getAndIncrement(), size);
            for (int i = 0; i < size; i++) {
                URI candidate = replicas.get((start + i) % size);
                if (ready.get(candidate)) {
                    return candidate;
                }
            }
            return replicas.get(start);
        }

        /** Returns whether this changed the replica's state. */
        boolean setReady(URI replica, boolean isReady) {
            Boolean before = ready.put(replica, isReady);
            return before == null || before != isReady;
        }
    }
}
