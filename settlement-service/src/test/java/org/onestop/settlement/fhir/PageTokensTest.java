package org.onestop.settlement.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.events.Caller;

/** A page token reads back as issued, and only so: for its caller, unaltered, within its hour. */
class PageTokensTest {

    private static final byte[] SECRET = "page-token-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
    private static final Caller HOSPITAL = new Caller("his-H36040200001", Caller.Type.HOSPITAL, "H36040200001", null, "360402");
    private static final Caller OTHER = new Caller("his-H36040200002", Caller.Type.HOSPITAL, "H36040200002", null, "360402");
    private static final PageTokens.Page PAGE = new PageTokens.Page("a".repeat(64), 2026, 2, true, LocalDate.parse("2026-03-10"),
            UUID.fromString("6f1c1d2e-0000-4000-8000-000000000001"));

    private final PageTokens tokens = new PageTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenReadsBackAsIssuedForItsCaller() {
        assertThat(tokens.verify(HOSPITAL, tokens.issue(HOSPITAL, PAGE))).isEqualTo(PAGE);
    }

    @Test
    void aPayloadRewrittenToAnotherPersonFailsItsSignature() {
        String token = tokens.issue(HOSPITAL, PAGE);
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.US_ASCII);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("a".repeat(64), "b".repeat(64)).getBytes(StandardCharsets.US_ASCII)) + token.substring(token.indexOf('.'));
        assertThatThrownBy(() -> tokens.verify(HOSPITAL, forged)).isInstanceOfSatisfying(FhirProblem.FhirException.class,
                e -> assertThat(e.problem()).isEqualTo(FhirProblem.INVALID_PAGE_TOKEN));
        assertThatThrownBy(() -> tokens.verify(HOSPITAL, "not-a-token")).isInstanceOfSatisfying(FhirProblem.FhirException.class,
                e -> assertThat(e.problem()).isEqualTo(FhirProblem.INVALID_PAGE_TOKEN));
        // signed under another deployment's secret
        String elsewhere = new PageTokens("another".getBytes(StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC)).issue(HOSPITAL, PAGE);
        assertThatThrownBy(() -> tokens.verify(HOSPITAL, elsewhere)).isInstanceOfSatisfying(FhirProblem.FhirException.class,
                e -> assertThat(e.problem()).isEqualTo(FhirProblem.INVALID_PAGE_TOKEN));
    }

    @Test
    void anotherCallersTokenIsRefused() {
        String token = tokens.issue(HOSPITAL, PAGE);
        assertThatThrownBy(() -> tokens.verify(OTHER, token)).isInstanceOfSatisfying(FhirProblem.FhirException.class,
                e -> assertThat(e.problem()).isEqualTo(FhirProblem.PAGE_TOKEN_NOT_YOURS));
    }

    @Test
    void aTokenExpiresAfterItsHour() {
        String token = tokens.issue(HOSPITAL, PAGE);
        PageTokens later = new PageTokens(SECRET, Clock.fixed(NOW.plus(PageTokens.TTL), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(HOSPITAL, token)).isInstanceOfSatisfying(FhirProblem.FhirException.class,
                e -> assertThat(e.problem()).isEqualTo(FhirProblem.PAGE_TOKEN_EXPIRED));
        PageTokens justBefore = new PageTokens(SECRET, Clock.fixed(NOW.plus(PageTokens.TTL).minusSeconds(1), ZoneOffset.UTC));
        assertThat(justBefore.verify(HOSPITAL, token)).isEqualTo(PAGE);
    }
}
