package org.onestop.console.session;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The ids of signed-out sessions, each kept until its cookie could not be used anyway (its token's expiry). A cookie
 * is only data in the browser: sign-out cannot take it back, so every replica must refuse its id. The replica that signs
 * a partner out tells every peer ({@code onestop.console.session.peers}) before it answers, and a replica that starts
 * asks its peers for their list before it reports ready. What this does not cover is in docs/security.md › The console.
 */
@Component
class Revocations {

    /** Sign-outs within one token lifetime (10 min): far below this; past it the soonest-expiring are forgotten first. */
    static final int MAX_ENTRIES = 10_000;
    static final String PATH = "/console/internal/revocations";
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final SessionCodec codec;
    private final List<URI> peers;
    private final WebClient http = WebClient.create();
    private final Clock clock;

    @Autowired
    Revocations(SessionCookies cookies, SessionProperties properties) {
        this(cookies.codec(), properties.peers(), Clock.systemUTC());
    }

    Revocations(SessionCodec codec, List<URI> peers, Clock clock) {
        this.codec = codec;
        this.peers = peers;
        this.clock = clock;
    }

    boolean revoked(String sessionId) {
        Instant until = revoked.get(sessionId);
        return until != null && clock.instant().isBefore(until);
    }

    /** Revokes here, then tells every peer; completes once each has answered or timed out (never fails). */
    Mono<Void> revoke(SessionState session) {
        Map<String, Instant> one = Map.of(session.id(), session.usableUntil());
        accept(one);
        byte[] sealed = codec.sealRevocations(one);
        return peerAddresses().flatMap(peer -> http.post().uri(peer).contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .bodyValue(sealed).retrieve().toBodilessEntity().timeout(PEER_TIMEOUT)
                        .doOnError(e -> log.warn("sign-out not delivered to console peer {}: {}", peer, e.toString()))
                        .onErrorResume(e -> Mono.empty()))
                .then();
    }

    /** A peer's sealed revocations; false when not sealed under our key (nothing changes then). */
    boolean acceptSealed(byte[] sealed) {
        Optional<Map<String, Instant>> opened = codec.openRevocations(sealed);
        opened.ifPresent(this::accept);
        return opened.isPresent();
    }

    /** Every revocation still in force, sealed: what a starting peer asks for. */
    byte[] sealedList() {
        prune();
        return codec.sealRevocations(Map.copyOf(revoked));
    }

    private void accept(Map<String, Instant> revocations) {
        Instant now = clock.instant();
        revocations.forEach((id, until) -> {
            if (now.isBefore(until)) {
                revoked.merge(id, until, (a, b) -> a.isAfter(b) ? a : b);
            }
        });
        prune();
    }

    private void prune() {
        Instant now = clock.instant();
        revoked.values().removeIf(until -> !now.isBefore(until));
        if (revoked.size() > MAX_ENTRIES) {
            revoked.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                    .limit(revoked.size() - MAX_ENTRIES).map(Map.Entry::getKey).toList().forEach(revoked::remove);
        }
    }

    /**
     * Before this replica reports ready (readiness follows the ready event's listeners), it learns the sign-outs its
     * peers know of: a replica started after a sign-out refuses that cookie too, as long as one peer was up throughout.
     */
    @EventListener(ApplicationReadyEvent.class)
    void catchUp() {
        if (peers.isEmpty()) {
            return;
        }
        Integer learned = peerAddresses()
                .flatMap(peer -> http.get().uri(peer).accept(MediaType.APPLICATION_OCTET_STREAM).retrieve()
                        .bodyToMono(byte[].class).timeout(PEER_TIMEOUT)
                        .map(body -> acceptSealed(body) ? 1 : 0)
                        .onErrorResume(e -> {
                            log.info("console peer {} not asked for sign-outs: {}", peer, e.toString());
                            return Mono.just(0);
                        }))
                .reduce(0, Integer::sum)
                // never a failed start for want of a peer: the peers' own timeouts end this well before
                .timeout(PEER_TIMEOUT.multipliedBy(2), Mono.just(0)).block();
        log.info("sign-outs learned from {} console peer(s): {} in force", learned, revoked.size());
    }

    /** Every address of every peer: a name that resolves to several (a headless Service) means each pod. */
    private Flux<URI> peerAddresses() {
        return Flux.fromIterable(peers).publishOn(Schedulers.boundedElastic()).concatMapIterable(peer -> {
            List<URI> addresses = new ArrayList<>();
            try {
                for (InetAddress address : InetAddress.getAllByName(peer.getHost())) {
                    addresses.add(UriComponentsBuilder.fromUri(peer).host(address.getHostAddress()).replacePath(PATH).build()
                            .toUri());
                }
            } catch (UnknownHostException e) {
                log.warn("console peer {} does not resolve: {}", peer, e.toString());
            }
            return addresses;
        });
    }
}
