package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.onestop.infra.embedded.OpenApiDescription;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every member of settlement-service's real answers, as serialised, is described by its schema in the gateway's
 * openapi.yaml, and every enumerated value is listed there (issue 14: the Settlement schema described 7 of 24 fields).
 * A field added to an answer record without its description fails here.
 */
class ApiDescriptionIntegrationTest extends SettlementIntegrationTestBase {

    private final OpenApiDescription api = OpenApiDescription.served();

    @Test
    void aPreviewASettlementItsCancellationAndItsReadAreDescribedByTheSettlementSchema() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        Map<String, Object> body = withBurden(person, "2026-03-10", "4000");

        assertDescribed("Settlement", http().post().uri("/api/v1/settlements/preview").bodyValue(body).exchange()
                .expectStatus().isOk());
        String settled = text(settle(body).expectStatus().isCreated());
        assertThat(api.undescribed("Settlement", settled)).isEmpty();
        String id = json.readTree(settled).get("settlementId").asString();
        assertDescribed("Settlement", http().post().uri("/api/v1/settlements/{id}/cancel", id).exchange().expectStatus().isOk());
        assertDescribed("Settlement", http().get().uri("/api/v1/settlements/{id}", id).exchange().expectStatus().isOk());
        assertDescribed("PersonYear", http().get().uri("/api/v1/persons/{ref}/years/2026", person).exchange().expectStatus().isOk());
    }

    @Test
    void anApplicationDecisionIsDescribedByItsSchema() {
        // a settled discharge the approval re-settles, so that the decision's adjustment lines are described too:
        // 低保 class 2 pays 50,000 of 80,000 (capped), and 倾斜救助 then pays (30,000 − 20,000) × 50 % (三(三)2(5))
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        settleOk(withBurden(person, "2026-03-01", "80000"));
        Map<String, Object> application = new HashMap<>();
        application.put("personRef", person);
        application.put("regionCode", JIUJIANG);
        application.put("kind", "TILTED");
        application.put("applicationDate", "2026-06-01");
        application.put("office", "九江市医保局 (test)");
        WebTestClient office = as(officeClaims("360400"));

        String decision = text(office.post().uri("/api/v1/applications").bodyValue(application).exchange()
                .expectStatus().isCreated());
        assertThat(json.readTree(decision).get("adjustments")).hasSize(1);
        assertThat(api.undescribed("ApplicationDecision", decision)).isEmpty();
        String id = json.readTree(decision).get("applicationId").asString();
        assertDescribed("ApplicationDecision", office.get().uri("/api/v1/applications/{id}", id).exchange().expectStatus().isOk());
    }

    @Test
    void theOperatorStatusIsDescribedByTheServiceStatusSchema() {
        WebTestClient operator = as(Map.of("sub", "test-operator", "partner_type", "operator"));
        assertDescribed("ServiceStatus", operator.get().uri("/api/v1/settlement/operations/status").exchange()
                .expectStatus().isOk());
    }

    @Test
    void aProblemIsDescribedByTheProblemSchema() {
        Map<String, Object> body = withBurden(newPersonRef(), "2026-03-10", "1000");
        body.remove("dischargeDate");

        assertDescribed("Problem", settle(body).expectStatus().isBadRequest());
    }

    private void assertDescribed(String schema, WebTestClient.ResponseSpec answer) {
        assertThat(api.undescribed(schema, text(answer))).as(schema).isEmpty();
    }

    private static String text(WebTestClient.ResponseSpec answer) {
        return new String(answer.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }
}
