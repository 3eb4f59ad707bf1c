package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.onestop.events.RebuildAttempt;
import org.onestop.events.ResidentIdNumber;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The hospital's synchronous path. Jiujiang, discharges in 2026 (income figure of 2025: 40,000, assumed in the policy
 * file). Upstream insurance is given, so the assistance base is the burden the fixture names.
 */
class SettlementHttpIntegrationTest extends SettlementIntegrationTestBase {

    @Test
    void settlesAClassTwoDischargeStoresItAndAnnouncesItKeyedByPersonRefWithoutTheRawNumber() {
        String id = newIdNumber();
        String person = personRef(id);
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        Map<String, Object> body = withBurden(person, "2026-03-10", "4000");
        body.remove("personRef");
        body.put("idNumber", id);

        JsonNode answer = settleOk(body);
        // jiujiang-2022 三(三)2(2): class 2 (低保), no deductible, 75 % of the burden 4,000 = 3,000; the patient pays 1,000
        assertThat(answer.get("setlinfo").get("medfee_sumamt").asString()).isEqualTo("14000.00");
        assertThat(answer.get("setlinfo").get("hifp_pay").asString()).isEqualTo("10000.00");
        assertThat(answer.get("setlinfo").get("maf_pay").asString()).isEqualTo("3000.00");
        assertThat(answer.get("setlinfo").get("fund_pay_sumamt").asString()).isEqualTo("13000.00");
        assertThat(answer.get("setlinfo").get("psn_part_amt").asString()).isEqualTo("1000.00");
        assertThat(answer.get("category").asString()).isEqualTo("class2");
        assertThat(answer.get("personRef").asString()).isEqualTo(person);
        assertThat(answer.get("maskedIdNumber").asString()).isEqualTo(id.substring(0, 6) + "***********" + id.substring(17));
        assertThat(RebuildAttempt.of(answer.get("maskedIdNumber").asString()).rebuilds()).isFalse();
        String storedMask = db.sql("select masked_id from person where person_ref = $1").bind(0, person)
                .map((row, meta) -> row.get(0, String.class)).one().block();
        // the identity fixture published first named the person with its own (fixture) mask; either way one shape
        assertThat(ResidentIdNumber.isMask(storedMask)).as(storedMask).isTrue();
        assertThat(RebuildAttempt.of(storedMask).rebuilds()).isFalse();
        assertThat(answer.toString()).doesNotContain(id);
        JsonNode assistance = layer(answer, "ASSISTANCE");
        assertThat(assistance.get("fundCode").asString()).isEqualTo("610100");
        assertThat(assistance.get("cap").asString()).isEqualTo("50000.00");
        assertThat(assistance.get("capRemaining").asString()).isEqualTo("47000.00");
        assertThat(assistance.get("bands").get(0).get("percent").asString()).isEqualTo("75%");
        assertThat(assistance.get("bands").get(0).get("clause").asString()).contains("jiujiang-2022 三(三)2(2)");
        assertThat(answer.get("setldetail").toString()).contains("610100");

        String settlementId = answer.get("settlementId").asString();
        http().get().uri("/api/v1/settlements/{id}", settlementId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("SETTLED").jsonPath("$.patientPays").isEqualTo("1000.00");
        http().get().uri("/api/v1/persons/{ref}/years/2026", person).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.discharges").isEqualTo(1)
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].paid").isEqualTo("3000.00")
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].capRemaining").isEqualTo("47000.00");

        List<ConsumerRecord<String, byte[]>> events = records("settlement.completed.v1", r -> person.equals(r.key()), l -> !l.isEmpty());
        assertThat(events).hasSize(1);
        ConsumerRecord<String, byte[]> e = events.get(0);
        String value = new String(e.value(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(value).contains("\"kind\":\"SETTLED\"", "\"settlementId\":\"" + settlementId + "\"", "\"amount\":\"3000.00\"")
                .doesNotContain(id);
        assertThat(header(e, "ce_type")).isEqualTo("org.onestop.settlement.completed.v1");
        assertThat(header(e, "ce_subject")).isEqualTo(person);
        assertThat(header(e, "ce_source")).isEqualTo("/onestop/settlement-service");
        assertThat(UUID.fromString(header(e, "ce_id"))).isEqualTo(UUID.fromString(json.readTree(e.value()).get("eventId").asString()));
        for (var h : e.headers()) {
            assertThat(new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(id);
        }
    }

    /** Issue 17, "answer serialised once": the 201's body is the stored answer's text, byte for byte, as JSON. */
    @Test
    void aNewSettlementsAnswerIsTheStoredAnswerByteForByte() {
        String person = newPersonRef();
        Map<String, Object> request = withBurden(person, "2026-05-02", "1000");
        String body = settle(request).expectStatus().isCreated()
                .expectHeader().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        UUID id = UUID.fromString(json.readTree(body).get("settlementId").asString());
        String stored = db.sql("select answer from settlement where id = $1").bind(0, id)
                .map((row, meta) -> row.get(0, String.class)).one().block();
        assertThat(body).isEqualTo(stored);
        // and a retry answers the same settlement as a replay (its own serialisation: the replayed flag differs)
        assertThat(settle(request).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .contains("\"settlementId\":\"" + id + "\"");
    }

    @Test
    void anIdNumberInTheHospitalsReferenceOrMessageIdIsRefusedNamingTheFieldAndNothingIsStored() {
        String id = newIdNumber();
        String person = newPersonRef();
        Map<String, Object> body = withBurden(person, "2026-04-01", "2000");
        body.put("hospitalSettlementRef", "HIS-" + id);
        settle(body).expectStatus().isBadRequest().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("invalid-id-number-in-free-text")
                .jsonPath("$.field").isEqualTo("hospitalSettlementRef");
        body.put("hospitalSettlementRef", "HIS-1");
        body.put("messageId", id.substring(0, 6) + id.substring(8, 17)); // a 15-digit first-generation number
        settle(body).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("invalid-id-number-in-free-text").jsonPath("$.field").isEqualTo("messageId");
        assertThat(count("select count(*) from settlement where person_ref = $1", person)).isZero();
    }

    @Test
    void aNulCharacterInTheMessageIdIsA400AndNothingIsStored() {
        String person = newPersonRef();
        Map<String, Object> body = withBurden(person, "2026-04-01", "2000");
        body.put("messageId", "msg-\u0000-1");
        settle(body).expectStatus().isBadRequest().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("invalid-nul-character").jsonPath("$.field").isEqualTo("messageId");
        assertThat(count("select count(*) from settlement where person_ref = $1", person)).isZero();
    }

    @Test
    void aRetryAnswersTheFirstAnswerAndADifferentContentUnderTheSameReferenceIsAConflict() {
        String person = newPersonRef();
        Map<String, Object> body = withBurden(person, "2026-04-01", "2000");
        JsonNode first = settleOk(body);
        // same message id, same content: the first answer, flagged as a replay
        settle(body).expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().jsonPath("$.settlementId").isEqualTo(first.get("settlementId").asString())
                .jsonPath("$.replayed").isEqualTo(true);
        // a new message id for the same hospital reference and content (a retry after a timeout): the same answer
        Map<String, Object> retry = new java.util.HashMap<>(body);
        retry.put("messageId", "msg-" + UUID.randomUUID());
        settle(retry).expectStatus().isOk().expectBody().jsonPath("$.settlementId").isEqualTo(first.get("settlementId").asString());
        // same reference, different amount: 409, nothing stored
        Map<String, Object> changed = withBurden(person, "2026-04-01", "2500");
        changed.put("hospitalSettlementRef", body.get("hospitalSettlementRef"));
        settle(changed).expectStatus().isEqualTo(409).expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("settlement-conflict").jsonPath("$.field").isEqualTo("hospitalSettlementRef");
        assertThat(count("select count(*) from settlement where person_ref = $1", person)).isEqualTo(1);
    }

    @Test
    void cancellingReversesRestoresTheLedgerAndIsIdempotent() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        // jiujiang-2022 三(三)2(2): 60,000 × 75 % = 45,000, then 20,000 × 75 % = 15,000 but only 5,000 of the 50,000 cap remain
        JsonNode first = settleOk(withBurden(person, "2026-02-01", "60000"));
        JsonNode second = settleOk(withBurden(person, "2026-05-01", "20000"));
        assertThat(second.get("setlinfo").get("maf_pay").asString()).isEqualTo("5000.00");
        String firstId = first.get("settlementId").asString();

        http().post().uri("/api/v1/settlements/{id}/cancel", firstId).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "false")
                .expectBody().jsonPath("$.status").isEqualTo("REVERSED");
        // without the first, the second is replayed alone: 15,000 → an adjustment of +10,000 on it (补付)
        http().get().uri("/api/v1/settlements/{id}", second.get("settlementId").asString()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.adjustments[0].amount").isEqualTo("10000.00")
                .jsonPath("$.adjustments[0].reason").isEqualTo("SETTLEMENT_CANCELLED");
        // the ledger: only the second counts now
        http().get().uri("/api/v1/persons/{ref}/years/2026", person).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.discharges").isEqualTo(1)
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].paid").isEqualTo("15000.00")
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].capRemaining").isEqualTo("35000.00");
        // again: the same answer, nothing new
        http().post().uri("/api/v1/settlements/{id}/cancel", firstId).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "true");
        List<JsonNode> events = completedEvents(person, 4);
        assertThat(events).extracting(n -> n.get("kind").asString()).containsExactly("SETTLED", "SETTLED", "REVERSED", "ADJUSTED");
        assertThat(events.get(2).get("payments").toString()).contains("-45000.00");
    }

    @Test
    void badInputsAnswerProblemDetailsNamingTheFieldAndStoreNothing() {
        String person = newPersonRef();
        Map<String, Object> missing = withBurden(person, "2026-03-01", "100");
        missing.remove("dischargeDate");
        problem(missing, 400, "dischargeDate");

        Map<String, Object> negative = withBurden(person, "2026-03-01", "100");
        ((Map<String, Object>) negative.get("costs")).put("totalCost", "-5");
        problem(negative, 400, "costs.totalCost");

        Map<String, Object> inScopeAbove = withBurden(person, "2026-03-01", "100");
        ((Map<String, Object>) inScopeAbove.get("costs")).put("inScope", "999999");
        problem(inScopeAbove, 400, "costs.inScope");

        Map<String, Object> threeDecimals = withBurden(person, "2026-03-01", "100");
        ((Map<String, Object>) threeDecimals.get("costs")).put("outOfCatalogue", 1.005);
        problem(threeDecimals, 400, "costs.outOfCatalogue");

        Map<String, Object> unknownRegion = withBurden(person, "2026-03-01", "100");
        unknownRegion.put("regionCode", "110105");
        problem(unknownRegion, 400, "regionCode");

        Map<String, Object> beforeAdmission = withBurden(person, "2026-03-01", "100");
        beforeAdmission.put("admissionDate", "2026-03-05");
        problem(beforeAdmission, 400, "admissionDate");

        Map<String, Object> future = withBurden(person, "2099-03-01", "100");
        problem(future, 400, "dischargeDate");

        Map<String, Object> notInForce = withBurden(person, "2021-03-01", "100");
        problem(notInForce, 422, "dischargeDate");

        Map<String, Object> badId = withBurden(person, "2026-03-01", "100");
        badId.remove("personRef");
        badId.put("idNumber", "360402199001011234");
        problem(badId, 400, "idNumber");

        Map<String, Object> parts = withBurden(person, "2026-03-01", "100");
        ((Map<String, Object>) parts.get("costs")).put("outOfCatalogue", "50");
        problem(parts, 400, "totalCost");

        assertThat(count("select count(*) from person where person_ref = $1", person)).isZero();
        http().post().uri("/api/v1/settlements").header("Content-Type", "application/json").bodyValue("{not json").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed-request");
    }

    @Test
    void aPersonWithNoIdentityIsSettledForTheInsuranceLayersOnly() {
        String person = newPersonRef();
        JsonNode answer = settleOk(withBurden(person, "2026-03-01", "4000"));
        assertThat(answer.get("setlinfo").get("maf_pay").asString()).isEqualTo("0.00");
        assertThat(answer.get("setlinfo").get("psn_part_amt").asString()).isEqualTo("4000.00");
        assertThat(answer.get("category").isNull()).isTrue();
    }

    @Test
    void previewComputesTheBreakdownAndStoresNothing() {
        String person = newPersonRef();
        http().post().uri("/api/v1/settlements/preview").bodyValue(withBurden(person, "2026-03-01", "4000")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("PREVIEW")
                .jsonPath("$.setlinfo.psn_part_amt").isEqualTo("4000.00");
        assertThat(count("select count(*) from settlement where person_ref = $1", person)).isZero();
    }

    @Test
    void aSettlementIsFoundAndCancelledByItsMessageIdOrReferenceAndOnlyByItsOwnHospital() {
        String person = newPersonRef();
        Map<String, Object> body = withBurden(person, "2026-05-01", "2000");
        String id = settleOk(body).get("settlementId").asString();
        String messageId = (String) body.get("messageId");
        String ref = (String) body.get("hospitalSettlementRef");
        http().get().uri(u -> u.path("/api/v1/settlements").queryParam("messageId", messageId).build()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.settlementId").isEqualTo(id);
        http().get().uri(u -> u.path("/api/v1/settlements").queryParam("hospitalSettlementRef", ref).build()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.settlementId").isEqualTo(id);
        // both keys, or neither: which one is meant cannot be told
        http().get().uri(u -> u.path("/api/v1/settlements").queryParam("messageId", messageId)
                        .queryParam("hospitalSettlementRef", ref).build()).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("invalid-key-required");
        http().get().uri(u -> u.path("/api/v1/settlements").queryParam("messageId", "msg-unknown").build()).exchange()
                .expectStatus().isNotFound().expectHeader().contentType("application/problem+json");
        // another hospital: not found, and its cancel changes nothing
        WebTestClient other = as(hospitalClaims("H36040200002"));
        other.get().uri(u -> u.path("/api/v1/settlements").queryParam("messageId", messageId).build()).exchange()
                .expectStatus().isNotFound();
        other.post().uri(u -> u.path("/api/v1/settlements/cancel").queryParam("hospitalSettlementRef", ref).build()).exchange()
                .expectStatus().isNotFound();
        http().get().uri("/api/v1/settlements/{id}", id).exchange().expectBody().jsonPath("$.status").isEqualTo("SETTLED");
        http().post().uri(u -> u.path("/api/v1/settlements/cancel").queryParam("hospitalSettlementRef", ref).build()).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "false")
                .expectBody().jsonPath("$.status").isEqualTo("REVERSED").jsonPath("$.settlementId").isEqualTo(id);
        http().post().uri(u -> u.path("/api/v1/settlements/cancel").queryParam("messageId", messageId).build()).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "true");
    }

    void problem(Map<String, Object> body, int status, String field) {
        settle(body).expectStatus().isEqualTo(status).expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.field").isEqualTo(field).jsonPath("$.type").exists();
    }

    static JsonNode layer(JsonNode answer, String layer) {
        for (JsonNode l : answer.get("layers")) {
            if (layer.equals(l.get("layer").asString())) {
                return l;
            }
        }
        throw new AssertionError("no layer " + layer);
    }

    long count(String sql, String arg) {
        return db.sql(sql).bind(0, arg).map((row, meta) -> row.get(0, Long.class)).one().block();
    }
}
