package org.onestop.console.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sealed session cookie: what it carries, what it refuses, the key rotation, and that the gateway's token fits. */
class SessionCodecTest {

    static final byte[] KEY = bytes(1);
    static final byte[] OLD_KEY = bytes(2);
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    /** The insurance office's scopes (gateway PartnerType.INSURANCE_OFFICE): the longest list a partner holds. */
    static final List<String> OFFICE_SCOPES = List.of("applications:write", "applications:read", "enrollment:write",
            "subsidies:read", "warnings:read", "persons:read", "whatif:write", "whatif:read");

    static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }

    static SessionState signedIn(String token) {
        ConsoleSession partner = new ConsoleSession("insurance-office-360400", token, new LinkedHashSet<>(OFFICE_SCOPES),
                NOW.plus(Duration.ofMinutes(10)));
        return new SessionState(SessionCodec.newSessionId(), SessionCodec.newCsrfToken(), partner, NOW.plus(Duration.ofMinutes(30)));
    }

    @Test
    void aSealedSessionOpensToTheSameStateAndDoesNotShowTheTokenOrTheClientId() {
        SessionCodec codec = new SessionCodec(KEY, null);
        SessionState state = signedIn("eyJ.token-of-the-partner.sig");

        String cookie = codec.seal(state);

        assertThat(codec.open(cookie)).contains(state);
        String visible = new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.ISO_8859_1);
        assertThat(visible).doesNotContain("token-of-the-partner", "insurance-office", "applications:write");
        assertThat(cookie).as("a fresh nonce each time").isNotEqualTo(codec.seal(state));
    }

    @Test
    void aSessionBeforeSignInCarriesOnlyItsCsrfToken() {
        SessionCodec codec = new SessionCodec(KEY, null);
        SessionState anonymous = new SessionState(SessionCodec.newSessionId(), "csrf-value", null, NOW);

        assertThat(codec.open(codec.seal(anonymous))).hasValueSatisfying(s -> {
            assertThat(s.signedIn()).isFalse();
            assertThat(s.csrf()).isEqualTo("csrf-value");
        });
    }

    @Test
    void anyAlteredByteIsRefused() {
        SessionCodec codec = new SessionCodec(KEY, null);
        byte[] sealed = Base64.getUrlDecoder().decode(codec.seal(signedIn("t")));

        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThat(codec.open(Base64.getUrlEncoder().withoutPadding().encodeToString(altered))).as("byte " + i).isEmpty();
        }
        assertThat(codec.open("not base64 at all!")).isEmpty();
        assertThat(codec.open("")).isEmpty();
    }

    @Test
    void aCookieSealedUnderAnotherKeyIsRefused() {
        String cookie = new SessionCodec(OLD_KEY, null).seal(signedIn("t"));

        assertThat(new SessionCodec(KEY, null).open(cookie)).isEmpty();
    }

    @Test
    void afterARotationTheOldKeyStillOpensButNewCookiesAreSealedUnderTheNewKeyOnly() {
        SessionState state = signedIn("t");
        String beforeRotation = new SessionCodec(OLD_KEY, null).seal(state);
        SessionCodec rotated = new SessionCodec(KEY, OLD_KEY);

        assertThat(rotated.open(beforeRotation)).contains(state);
        String afterRotation = rotated.seal(state);
        assertThat(new SessionCodec(OLD_KEY, null).open(afterRotation)).as("not sealed under the old key").isEmpty();
        assertThat(new SessionCodec(KEY, null).open(afterRotation)).contains(state);
    }

    @Test
    void aRevocationListIsNeverASessionAndOpensOnlyUnderTheKey() {
        SessionCodec codec = new SessionCodec(KEY, null);
        String id = SessionCodec.newSessionId();
        byte[] list = codec.sealRevocations(Map.of(id, NOW));

        assertThat(codec.open(Base64.getUrlEncoder().withoutPadding().encodeToString(list))).isEmpty();
        assertThat(codec.openRevocations(list)).contains(Map.of(id, NOW));
        assertThat(new SessionCodec(OLD_KEY, null).openRevocations(list)).isEmpty();
        assertThat(codec.openRevocations(Base64.getUrlDecoder().decode(codec.seal(signedIn("t"))))).isEmpty();
    }

    @Test
    void aSessionEndsAtItsIdleDeadlineOrAtItsTokensExpiryWhicheverComesFirst() {
        SessionState state = signedIn("t"); // token until 10:10, idle until 10:30

        assertThat(state.expired(NOW.plus(Duration.ofMinutes(9)))).isFalse();
        assertThat(state.expired(NOW.plus(Duration.ofMinutes(10)))).as("the token's expiry").isTrue();
        SessionState idle = state.idleUntil(NOW.plus(Duration.ofMinutes(5)));
        assertThat(idle.expired(NOW.plus(Duration.ofMinutes(5)))).as("the idle deadline").isTrue();
        assertThat(idle.usableUntil()).as("a revocation is kept until the token expires").isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void theIdleDeadlineMovesOnAtMostOnceAMinute() {
        Duration idle = Duration.ofMinutes(30);
        SessionState state = signedIn("t").idleUntil(NOW.plus(idle));

        assertThat(state.dueForRefresh(NOW.plusSeconds(59), idle)).isFalse();
        assertThat(state.dueForRefresh(NOW.plusSeconds(61), idle)).isTrue();
    }

    /**
     * The gateway's token as TokenIssuer makes it (RS256 under a 2048-bit key, kid a UUID, every claim it sets) for the
     * partner with the longest scope list: the cookie must hold it with room to spare.
     */
    @Test
    void theGatewaysLongestTokenFitsTheCookieWithRoomToSpare() throws GeneralSecurityException {
        String token = gatewayShapedToken();
        String cookie = new SessionCodec(KEY, null).seal(signedIn(token));

        System.out.printf("gateway-shaped token: %d characters; sealed session cookie: %d of %d%n", token.length(),
                cookie.length(), SessionCodec.MAX_COOKIE_CHARS);
        assertThat(token.length()).isBetween(700, 1_200);
        // the token, the scopes again, the ids and the nonce/tag in Base64: about 4/3 of token + 300
        assertThat(cookie.length()).isLessThan(2_000);
    }

    @Test
    void aStateTooLargeForACookieIsRefusedNotTruncated() {
        SessionCodec codec = new SessionCodec(KEY, null);

        assertThatThrownBy(() -> codec.seal(signedIn("x".repeat(3_000))))
                .isInstanceOf(SessionCodec.SessionTooLargeException.class).hasMessageContaining("3800");
        assertThat(codec.open("A".repeat(SessionCodec.MAX_COOKIE_CHARS + 1))).isEmpty();
    }

    @Test
    void aKeyMustBe32BytesOfBase64() {
        assertThat(SessionCodec.decodeKey(Base64.getEncoder().encodeToString(KEY), "k")).isEqualTo(KEY);
        assertThatThrownBy(() -> SessionCodec.decodeKey(Base64.getEncoder().encodeToString(new byte[16]), "k"))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SessionCodec.decodeKey("***", "k")).hasMessageContaining("Base64");
    }

    private static String gatewayShapedToken() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long iat = NOW.getEpochSecond();
        String header = "{\"kid\":\"" + UUID.randomUUID() + "\",\"typ\":\"JWT\",\"alg\":\"RS256\"}";
        String claims = "{\"iss\":\"onestop-gateway\",\"sub\":\"insurance-office-360400\",\"aud\":\"onestop-api\",\"nbf\":" + iat
                + ",\"partner_type\":\"insurance-office\",\"scope\":\"" + String.join(" ", OFFICE_SCOPES)
                + "\",\"region\":\"360400\",\"exp\":" + (iat + 600) + ",\"iat\":" + iat + ",\"jti\":\"" + UUID.randomUUID()
                + "\",\"client_id\":\"insurance-office-360400\"}";
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(generator.generateKeyPair().getPrivate());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(rsa.sign());
    }

}
