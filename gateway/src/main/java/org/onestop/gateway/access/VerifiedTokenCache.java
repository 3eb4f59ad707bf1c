package org.onestop.gateway.access;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens that passed full verification (signature, issuer, audience, time), so a partner's next call with the
 * same token costs a map lookup instead of an RS256 verification and a JSON parse. A partner uses one token for its
 * whole 10-minute life, so nearly every call is a hit.
 *
 * <p>Why it is safe: the key is the whole compact token, signature included, so a hit is byte-for-byte a token that
 * verified before; any change (a tampered claim, another signature) misses and is verified in full. A hit counts only
 * while the token is unexpired by the clock without any skew (the full verification allows 60 s of skew; a token that
 * close to expiry is simply verified again), and only while the key ring's {@link LongSupplier generation} is the one
 * it was verified under: a key rotated out forgets every token at the next reload check. Refusals are never cached.
 * The map is bounded: when full, expired entries go first, and if that frees nothing, the whole map.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    private record Entry(Jwt jwt, long generation) {
    }

    private final ReactiveJwtDecoder delegate;
    private final LongSupplier generation;
    private final Supplier<Instant> now;
    private final int maxEntries;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    VerifiedTokenCache(ReactiveJwtDecoder delegate, LongSupplier generation, Supplier<Instant> now, int maxEntries) {
        this.delegate = delegate;
        this.generation = generation;
        this.now = now;
        this.maxEntries = maxEntries;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        long current = generation.getAsLong();
        Entry hit = verified.get(token);
        if (hit != null) {
            if (hit.generation() == current && live(hit.jwt(), now.get())) {
                return Mono.just(hit.jwt());
            }
            verified.remove(token, hit);
        }
        return delegate.decode(token).doOnNext(jwt -> remember(token, jwt, current));
    }

    int size() {
        return verified.size();
    }

    private void remember(String token, Jwt jwt, long generation) {
        if (jwt.getExpiresAt() == null) {
            return; // never cache a token without an expiry (the validators refuse those anyway)
        }
        if (verified.size() >= maxEntries) {
            Instant at = now.get();
            verified.values().removeIf(e -> !live(e.jwt(), at));
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(token, new Entry(jwt, generation));
    }

    private static boolean live(Jwt jwt, Instant now) {
        Instant expires = jwt.getExpiresAt();
        Instant notBefore = jwt.getNotBefore();
        return expires != null && now.isBefore(expires) && (notBefore == null || !now.isBefore(notBefore));
    }
}
