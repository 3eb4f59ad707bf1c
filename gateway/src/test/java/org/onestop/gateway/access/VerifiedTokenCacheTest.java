package org.onestop.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/** The cache in front of full verification: what it may answer itself, and when it must ask again. */
class VerifiedTokenCacheTest {

    private static final Instant ISSUED = Instant.parse("2026-11-25T10:00:00Z");

    /** A fake verifier: accepts tokens starting with "good", valid 10 minutes from ISSUED; records every call. */
    private final List<String> verified = new ArrayList<>();
    private final ReactiveJwtDecoder verifier = token -> {
        verified.add(token);
        if (!token.startsWith("good")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("hospital-h360402001")
                .issuedAt(ISSUED).notBefore(ISSUED).expiresAt(ISSUED.plus(Duration.ofMinutes(10))).build());
    };
    private final AtomicLong generation = new AtomicLong();
    private Clock clock = Clock.fixed(ISSUED.plusSeconds(1), ZoneOffset.UTC);

    private VerifiedTokenCache cache(int max) {
        return new VerifiedTokenCache(verifier, generation::get, () -> clock.instant(), max);
    }

    @Test
    void aTokenThatVerifiedIsAnsweredFromTheCacheUntilItExpires() {
        VerifiedTokenCache cache = cache(100);
        assertThat(cache.decode("good-1").block().getSubject()).isEqualTo("hospital-h360402001");
        cache.decode("good-1").block();
        cache.decode("good-1").block();
        assertThat(verified).containsExactly("good-1");

        clock = Clock.fixed(ISSUED.plus(Duration.ofMinutes(10)), ZoneOffset.UTC); // exp reached: no skew in the cache
        cache.decode("good-1").block();
        assertThat(verified).containsExactly("good-1", "good-1");
    }

    @Test
    void anyOtherTokenTextIsVerifiedInFullAndRefusalsAreNeverRemembered() {
        VerifiedTokenCache cache = cache(100);
        cache.decode("good-1").block();
        assertThatThrownBy(() -> cache.decode("forged-1").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged-1").block()).isInstanceOf(BadJwtException.class);
        cache.decode("good-1x").block();
        assertThat(verified).containsExactly("good-1", "forged-1", "forged-1", "good-1x");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aKeyRotationForgetsEveryVerifiedToken() {
        VerifiedTokenCache cache = cache(100);
        cache.decode("good-1").block();
        generation.incrementAndGet(); // the key ring reloaded a changed file
        cache.decode("good-1").block();
        assertThat(verified).containsExactly("good-1", "good-1");
    }

    @Test
    void aTokenNotYetValidIsNotAnsweredFromTheCache() {
        VerifiedTokenCache cache = cache(100);
        clock = Clock.fixed(ISSUED.minusSeconds(30), ZoneOffset.UTC); // within the verifier's skew, before nbf
        cache.decode("good-1").block();
        cache.decode("good-1").block();
        assertThat(verified).containsExactly("good-1", "good-1");
    }

    @Test
    void theCacheStaysWithinItsBound() {
        VerifiedTokenCache cache = cache(3);
        for (int i = 0; i < 10; i++) {
            cache.decode("good-" + i).block();
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
}
