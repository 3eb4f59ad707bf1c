package org.onestop.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onestop.events.Caller;
import org.onestop.events.Department;

class InternalTokensTest {

    static final Caller HOSPITAL = new Caller("hospital-h360402001", Caller.Type.HOSPITAL, "H360402001", null, "360402");
    static final Caller DEPARTMENT = new Caller("civil-affairs-360400", Caller.Type.DEPARTMENT, null,
            Department.CIVIL_AFFAIRS, "360400");

    @TempDir
    Path dir;

    MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));

    InternalTokens tokens(Duration ttl, Duration reuse) {
        return new InternalTokens(new InternalTokenProperties(dir.resolve("internal-jwks-private.json"),
                dir.resolve("internal-jwks.json"), Duration.ofHours(1), ttl, reuse), clock);
    }

    @Test
    void aTokenIsReusedForTheSamePartnerAndServiceWithinTheReuseWindowOnly() throws Exception {
        InternalTokens tokens = tokens(Duration.ofSeconds(60), Duration.ofSeconds(30));
        String first = tokens.tokenFor(HOSPITAL, "settlement-service");
        clock.now = clock.now.plusSeconds(29);
        assertThat(tokens.tokenFor(HOSPITAL, "settlement-service")).isEqualTo(first);
        // another service or another partner: a token of its own
        assertThat(tokens.tokenFor(HOSPITAL, "identity-service")).isNotEqualTo(first);
        assertThat(tokens.tokenFor(DEPARTMENT, "settlement-service")).isNotEqualTo(first);
        // at 30 s a fresh one: what a service receives always has at least ttl − reuse = 30 s left
        clock.now = clock.now.plusSeconds(1);
        String second = tokens.tokenFor(HOSPITAL, "settlement-service");
        assertThat(second).isNotEqualTo(first);
        assertThat(SignedJWT.parse(second).getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(clock.now);
    }

    @Test
    void theTokenIsSignedByThePublishedInternalKeyAndThePrivateFileIsTheOwnersOnly() throws Exception {
        InternalTokens tokens = tokens(Duration.ofSeconds(60), Duration.ofSeconds(30));
        SignedJWT jwt = SignedJWT.parse(tokens.tokenFor(DEPARTMENT, "identity-service"));
        JWKSet published = JWKSet.parse(Files.readString(dir.resolve("internal-jwks.json")));
        RSAKey key = (RSAKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("department")).isEqualTo("CIVIL_AFFAIRS");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(clock.now.plusSeconds(60));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("internal-jwks-private.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aLifetimeTheServicesWouldRefuseIsRefusedAtStart() {
        assertThatThrownBy(() -> tokens(Duration.ofSeconds(61), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tokens(Duration.ofSeconds(60), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
