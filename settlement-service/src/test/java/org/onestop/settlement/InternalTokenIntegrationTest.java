package org.onestop.settlement;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.events.InternalToken;
import org.onestop.infra.embedded.TestTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service's door (docs/security.md, "Internal token"): a call is served only with a valid internal token minted for
 * this service; trust headers, another service's token, an expired or forged one are all 401 problems; the actuator
 * shows health and prometheus and nothing else.
 */
class InternalTokenIntegrationTest extends SettlementIntegrationTestBase {

    static final Map<String, String> HOSPITAL_CLAIMS = hospitalClaims(HOSPITAL);

    @Test
    void aCallWithoutATokenIsA401ProblemEvenWithTheOldTrustHeaders() {
        unauthenticated(anonymous().get().uri("/api/v1/settlements/{id}", UUID.randomUUID()).exchange());
        unauthenticated(anonymous().post().uri("/api/v1/settlements").bodyValue(withBurden(newPersonRef(), "2026-03-01", "100"))
                .headers(h -> {
                    h.set("X-Onestop-Partner", "ops");
                    h.set("X-Onestop-Partner-Type", "hospital");
                    h.set("X-Onestop-Institution", HOSPITAL);
                }).exchange());
    }

    @Test
    void aTokenForAnotherServiceExpiredOrForgedIsA401Problem() {
        String id = UUID.randomUUID().toString();
        unauthenticated(withToken(TestTokens.token(InternalToken.IDENTITY_SERVICE, HOSPITAL_CLAIMS)).get()
                .uri("/api/v1/settlements/{id}", id).exchange());
        // expired 10 s ago: beyond the 5 s of allowed clock skew
        unauthenticated(withToken(TestTokens.token(InternalToken.SETTLEMENT_SERVICE, HOSPITAL_CLAIMS,
                Instant.now().minusSeconds(70), Duration.ofSeconds(60))).get().uri("/api/v1/settlements/{id}", id).exchange());
        // a token living longer than 60 s is not one the gateway mints
        unauthenticated(withToken(TestTokens.token(InternalToken.SETTLEMENT_SERVICE, HOSPITAL_CLAIMS, Instant.now(),
                Duration.ofMinutes(10))).get().uri("/api/v1/settlements/{id}", id).exchange());
        unauthenticated(withToken(TestTokens.forged(InternalToken.SETTLEMENT_SERVICE, HOSPITAL_CLAIMS)).get()
                .uri("/api/v1/settlements/{id}", id).exchange());
        // the same call with a valid token reaches the service (an unknown id: 404)
        withToken(TestTokens.token(InternalToken.SETTLEMENT_SERVICE, HOSPITAL_CLAIMS)).get()
                .uri("/api/v1/settlements/{id}", id).exchange().expectStatus().isNotFound();
    }

    @Test
    void theActuatorShowsHealthAndPrometheusOnly() {
        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk();
        anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        for (String endpoint : new String[] {"env", "beans", "bindings", "metrics", "configprops"}) {
            unauthenticated(anonymous().get().uri("/actuator/" + endpoint).exchange());
            // not exposed at all: even a valid caller finds nothing there
            http().get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        }
        unauthenticated(anonymous().post().uri("/actuator/bindings/identityChanged-in-0")
                .bodyValue(Map.of("state", "STOPPED")).exchange());
    }

    private WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(60)).build();
    }

    private WebTestClient withToken(String token) {
        return anonymous().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    private static void unauthenticated(WebTestClient.ResponseSpec response) {
        response.expectStatus().isUnauthorized()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.code").isEqualTo("unauthenticated");
    }
}
