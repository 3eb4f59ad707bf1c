package org.onestop.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onestop.events.InternalToken;
import org.onestop.infra.embedded.TestTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service's door (docs/security.md, "Internal token"): a call is served only with a valid internal token minted for
 * this service; trust headers, another service's token, an expired or forged one are all 401 problems; the actuator
 * shows health and prometheus and nothing else.
 */
class InternalTokenIntegrationTest extends IdentityIntegrationTestBase {

    static final Map<String, String> OPERATOR = Map.of("sub", "ops", "partner_type", "operator");
    static final String HISTORY = "/api/v1/identity/persons/{ref}/history";

    @Test
    void aCallWithoutATokenIsA401ProblemEvenWithTheOldTrustHeaders() {
        String ref = personRef(newIdNumber());
        unauthenticated(anonymous().get().uri(HISTORY, ref).exchange());
        unauthenticated(anonymous().post().uri("/api/v1/identity/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("department", "CIVIL_AFFAIRS", "departmentReference", newReference(), "records", List.of()))
                .headers(h -> {
                    h.set("X-Onestop-Partner", "mz");
                    h.set("X-Onestop-Partner-Type", "department");
                    h.set("X-Onestop-Department", "CIVIL_AFFAIRS");
                    h.set("X-Onestop-Region", "140000");
                }).exchange());
    }

    @Test
    void aTokenForAnotherServiceExpiredOrForgedIsA401Problem() {
        String ref = personRef(newIdNumber());
        unauthenticated(withToken(TestTokens.token(InternalToken.SETTLEMENT_SERVICE, OPERATOR)).get().uri(HISTORY, ref).exchange());
        // expired 10 s ago: beyond the 5 s of allowed clock skew
        unauthenticated(withToken(TestTokens.token(InternalToken.IDENTITY_SERVICE, OPERATOR, Instant.now().minusSeconds(70),
                Duration.ofSeconds(60))).get().uri(HISTORY, ref).exchange());
        unauthenticated(withToken(TestTokens.token(InternalToken.IDENTITY_SERVICE, OPERATOR, Instant.now(),
                Duration.ofMinutes(10))).get().uri(HISTORY, ref).exchange());
        unauthenticated(withToken(TestTokens.forged(InternalToken.IDENTITY_SERVICE, OPERATOR)).get().uri(HISTORY, ref).exchange());
        // the same call with a valid token reaches the service (a person nobody pushed: 404)
        withToken(TestTokens.token(InternalToken.IDENTITY_SERVICE, OPERATOR)).get().uri(HISTORY, ref).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void theActuatorShowsHealthAndPrometheusOnly() {
        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk();
        anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        for (String endpoint : new String[] {"env", "beans", "bindings", "metrics", "configprops"}) {
            unauthenticated(anonymous().get().uri("/actuator/" + endpoint).exchange());
            http().get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        }
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
