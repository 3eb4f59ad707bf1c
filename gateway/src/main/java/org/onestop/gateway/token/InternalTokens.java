package org.onestop.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.onestop.events.Caller;
import org.onestop.events.InternalToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Mints the internal token a forwarded call carries to its service ({@link InternalToken}): RS256 under the internal
 * key ring (not the partner tokens' keys), {@code aud} = that one service, {@code exp} = {@code ttl} after {@code iat}.
 * A token is reused for the same caller and service for {@code reuse}, so a call does not pay an RSA signature (about
 * 1 ms of CPU) each time; after that, or when the keys change, a new one is minted.
 */
@Component
public class InternalTokens {

    private record Key(Caller caller, String audience) {
    }

    private record Minted(String value, Instant reuseUntil, long generation) {
    }

    /** Bounded: partners × 4 services in practice; a flood of distinct callers only costs a clear. */
    private static final int MAX_CACHED = 10_000;

    private final KeyRing keys;
    private final InternalTokenProperties settings;
    private final Clock clock;
    private final Map<Key, Minted> cache = new ConcurrentHashMap<>();
    private volatile long publishedGeneration = -1;

    @Autowired
    InternalTokens(InternalTokenProperties settings) {
        this(settings, Clock.systemUTC());
    }

    InternalTokens(InternalTokenProperties settings, Clock clock) {
        if (settings.ttl().compareTo(InternalToken.MAX_LIFETIME) > 0) {
            throw new IllegalStateException("onestop.gateway.internal-tokens.ttl must be at most "
                    + InternalToken.MAX_LIFETIME.toSeconds() + " s: the services refuse longer-lived tokens");
        }
        if (settings.reuse().compareTo(settings.ttl()) >= 0) {
            throw new IllegalStateException("onestop.gateway.internal-tokens.reuse must be shorter than its ttl");
        }
        this.settings = settings;
        this.clock = clock;
        this.keys = new KeyRing(settings.keyFile(), settings.keyReload());
        publishIfChanged();
    }

    /** The token for {@code caller} calling {@code audience} (one of {@link InternalToken#AUDIENCES}). */
    public String tokenFor(Caller caller, String audience) {
        Instant now = clock.instant();
        long generation = keys.generation();
        Key key = new Key(caller, audience);
        Minted minted = cache.get(key);
        if (stale(minted, now, generation)) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            // one signature per key even when a burst of calls finds it stale at once (the others wait for it)
            minted = cache.compute(key, (k, old) -> stale(old, now, generation)
                    ? new Minted(sign(caller, audience, now), now.plus(settings.reuse()), generation) : old);
            if (generation != publishedGeneration) {
                publishIfChanged();
            }
        }
        return minted.value();
    }

    private static boolean stale(Minted minted, Instant now, long generation) {
        return minted == null || !now.isBefore(minted.reuseUntil()) || minted.generation() != generation;
    }

    /** The public keys the services verify internal tokens with ({@code /.well-known/internal-jwks.json}). */
    public JWKSet publicKeys() {
        return keys.publicKeys();
    }

    String sign(Caller caller, String audience, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(InternalToken.ISSUER)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.ttl())))
                .jwtID(UUID.randomUUID().toString());
        caller.writeClaims(claims::claim);
        RSAKey key = keys.signingKey();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an internal token", e);
        }
    }

    /** Writes the public JWK set file (when configured) for services that read keys from a file. */
    private synchronized void publishIfChanged() {
        long generation = keys.generation();
        Path file = settings.publicFile();
        if (file == null || generation == publishedGeneration) {
            publishedGeneration = generation;
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, keys.publicKeys().toString(true), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            publishedGeneration = generation;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the internal public key file " + file, e);
        }
    }
}
