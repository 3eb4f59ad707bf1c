package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14's correctness defects on the HTTP path. Jiujiang, discharges in 2026: the 2025 income is 40,000 (assumed in
 * the policy file), so the critical-illness tilt line of 三(二) is 25 % = 10,000 at 65 %, 二类 assistance 75 % without
 * deductible (三(三)2(2)); 倾斜救助 needs an approved application and pays nothing here.
 */
class CorrectnessIntegrationTest extends SettlementIntegrationTestBase {

    @Test
    @DisplayName("jiujiang-2022 三(二) hifpPay alone: the engine computes critical illness with the 低保 tilt instead of taking it as 0")
    void basicSuppliedAloneLetsTheEngineComputeCriticalIllness() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        Map<String, Object> body = withBurden(person, "2026-03-10", "0");
        body.put("costs", new HashMap<>(Map.of("totalCost", "50000", "inScope", "50000")));
        body.put("upstream", Map.of("hifpPay", "30000.00"));
        JsonNode answer = settleOk(body);
        // critical illness on 50,000 − 30,000 = 20,000: (20,000 − 10,000) × 65 % = 6,500
        // burden 50,000 − 30,000 − 6,500 = 13,500 → × 75 % = 10,125; the patient pays 3,375
        assertThat(answer.get("setlinfo").get("hifp_pay").asString()).isEqualTo("30000.00");
        assertThat(answer.get("setlinfo").get("hifmi_pay").asString()).isEqualTo("6500.00");
        assertThat(answer.get("setlinfo").get("maf_pay").asString()).isEqualTo("10125.00");
        assertThat(answer.get("patientPays").asString()).isEqualTo("3375.00");
        assertThat(layer(answer, "CRITICAL_ILLNESS").get("clause").asString()).isEqualTo("jiujiang-2022 三(二)");

        // the stored input keeps "computed": a read answers the same amounts
        http().get().uri("/api/v1/settlements/{id}", answer.get("settlementId").asString()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.setlinfo.hifmi_pay").isEqualTo("6500.00").jsonPath("$.patientPays").isEqualTo("3375.00");
    }

    @Test
    @DisplayName("hifmiPay without hifpPay is refused naming upstream.hifpPay: basic is not computed under a supplied critical illness")
    void criticalIllnessSuppliedWithoutBasicIsRefused() {
        String person = newPersonRef();
        Map<String, Object> body = withBurden(person, "2026-03-10", "4000");
        body.put("upstream", Map.of("hifmiPay", "500.00"));
        settle(body).expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("upstream.hifpPay")
                .jsonPath("$.code").isEqualTo("invalid-missing");
        assertThat(count(person)).isZero();
    }

    @Test
    @DisplayName("a JSON value of the wrong type answers invalid-json-type naming the field, without echoing the value")
    void wrongJsonTypesNameTheirField() {
        String person = newPersonRef();
        Map<String, Object> referred = withBurden(person, "2026-03-10", "4000");
        referred.put("referred", "yes");
        wrongType(referred, "referred", "a boolean");

        Map<String, Object> bedDays = withBurden(person, "2026-03-10", "4000");
        bedDays.put("bedDays", "ten");
        wrongType(bedDays, "bedDays", "an integer");

        Map<String, Object> nested = withBurden(person, "2026-03-10", "4000");
        ((Map<String, Object>) nested.get("costs")).put("totalCost", Map.of("yuan", "14000"));
        wrongType(nested, "costs.totalCost", "a string or a number");

        Map<String, Object> upstream = withBurden(person, "2026-03-10", "4000");
        upstream.put("upstream", List.of("10000"));
        wrongType(upstream, "upstream", "an object");
        assertThat(count(person)).isZero();
    }

    @Test
    @DisplayName("a preview carries no settledAt; a settlement does")
    void previewHasNoSettledAt() {
        String person = newPersonRef();
        byte[] preview = http().post().uri("/api/v1/settlements/preview").bodyValue(withBurden(person, "2026-03-01", "4000")).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        JsonNode p = json.readTree(preview);
        assertThat(p.get("status").asString()).isEqualTo("PREVIEW");
        assertThat(p.get("settledAt") == null || p.get("settledAt").isNull()).as(p.toString()).isTrue();
        assertThat(settleOk(withBurden(person, "2026-03-01", "4000")).get("settledAt").isNull()).isFalse();
    }

    @Test
    @DisplayName("jiujiang-2022 一 就高不重复: identityTypes lists every identity held on the date, categoryBecause the winner")
    void everyIdentityHeldIsShownBesideTheWinner() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO_MARGINAL, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-02-01", null));
        publishIdentity(identity(person, IdentityType.TEKUN, ChangeKind.NEW, UUID.randomUUID(), "2026-06-01", null));
        JsonNode answer = settleOk(withBurden(person, "2026-03-10", "4000"));
        // 二类 (低保) outranks 三类 (低保边缘); 特困 starts after the discharge. 4,000 × 75 % = 3,000 (三(三)2(2))
        assertThat(strings(answer.get("identityTypes"))).containsExactlyInAnyOrder("DIBAO_MARGINAL", "DIBAO");
        assertThat(strings(answer.get("categoryBecause"))).containsExactly("DIBAO");
        assertThat(answer.get("category").asString()).isEqualTo("class2");
        assertThat(answer.get("setlinfo").get("maf_pay").asString()).isEqualTo("3000.00");
    }

    void wrongType(Map<String, Object> body, String field, String expected) {
        byte[] problem = settle(body).expectStatus().isBadRequest().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("invalid-json-type").jsonPath("$.field").isEqualTo(field)
                .returnResult().getResponseBody();
        String text = new String(problem, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains(expected).doesNotContain("\"yes\"").doesNotContain("ten\\\"").doesNotContain("14000");
    }

    static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    static JsonNode layer(JsonNode answer, String layer) {
        for (JsonNode l : answer.get("layers")) {
            if (layer.equals(l.get("layer").asString())) {
                return l;
            }
        }
        throw new AssertionError("no layer " + layer);
    }

    long count(String person) {
        return db.sql("select count(*) from settlement where person_ref = $1").bind(0, person)
                .map((row, meta) -> row.get(0, Long.class)).one().block();
    }
}
