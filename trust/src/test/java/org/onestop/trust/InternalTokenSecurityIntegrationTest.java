package org.onestop.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onestop.events.Caller;
import org.onestop.events.InternalToken;
import org.onestop.infra.embedded.TestTokens;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The decoder every service uses, against a real JWK set served on loopback (TestTokens): what the internal-token
 * contract (docs/security.md, "Internal token") admits and what it refuses.
 */
class InternalTokenSecurityIntegrationTest {

    static final String SETTLEMENT = InternalToken.SETTLEMENT_SERVICE;
    static final Map<String, Object> HOSPITAL = Map.of("sub", "hospital-h360402001", "partner_type", "hospital",
            "institution", "H360402001", "region", "360402");

    final ReactiveJwtDecoder decoder = InternalTokenSecurity.decoder(TestTokens.jwksUri(), SETTLEMENT);

    Jwt decode(String token) {
        return decoder.decode(token).block(Duration.ofSeconds(10));
    }

    @Test
    void aTokenForThisServiceNamesItsPartner() {
        Jwt jwt = decode(TestTokens.token(SETTLEMENT, HOSPITAL));

        Caller caller = Caller.fromClaims(jwt.getClaims()::get);
        assertThat(caller.isInstitution("H360402001")).isTrue();
        assertThat(caller.inRegion("360402")).isTrue();
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        assertThatThrownBy(() -> decode(TestTokens.token(InternalToken.IDENTITY_SERVICE, HOSPITAL)))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenExpiredBeyondTheFiveSecondsOfSkewIsRefusedOneWithinThemIsNot() {
        Instant now = Instant.now();
        // issued 70 s ago for 60 s: expired 10 s ago, beyond the 5 s skew
        assertThatThrownBy(() -> decode(TestTokens.token(SETTLEMENT, HOSPITAL, now.minusSeconds(70), Duration.ofSeconds(60))))
                .isInstanceOf(JwtException.class);
        // issued 62 s ago for 60 s: expired 2 s ago, inside the skew
        assertThat(decode(TestTokens.token(SETTLEMENT, HOSPITAL, now.minusSeconds(62), Duration.ofSeconds(60)))).isNotNull();
    }

    @Test
    void aTokenLivingLongerThanSixtySecondsIsNotOneTheGatewayMints() {
        assertThatThrownBy(() -> decode(TestTokens.token(SETTLEMENT, HOSPITAL, Instant.now(), Duration.ofMinutes(10))))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenSignedByAnUnknownKeyIsRefused() {
        assertThatThrownBy(() -> decode(TestTokens.forged(SETTLEMENT, HOSPITAL))).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenThatNamesNoPartnerTypeIsRefused() {
        assertThatThrownBy(() -> decode(TestTokens.token(SETTLEMENT, Map.of("sub", "someone"))))
                .isInstanceOf(JwtException.class);
    }
}
