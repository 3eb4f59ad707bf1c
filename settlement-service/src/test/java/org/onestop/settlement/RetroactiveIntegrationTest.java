package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import tools.jackson.databind.JsonNode;

/** Identities that arrive late, grants with look-back, and one writer per person under concurrency. */
class RetroactiveIntegrationTest extends SettlementIntegrationTestBase {

    @Test
    void anIdentityStartingBeforeASettledDischargeIssuesAnAdjustment() {
        String person = newPersonRef();
        // no identity yet: insurance only, the burden 4,000 is the patient's
        JsonNode first = settleOk(withBurden(person, "2026-03-01", "4000"));
        assertThat(first.get("setlinfo").get("maf_pay").asString()).isEqualTo("0.00");

        // 低保 determined from 2026-02-01 (before the discharge), pushed later:
        // jiujiang-2022 三(三)2(2) class 2: 75 % of 4,000 = 3,000 → an adjustment (补付) of +3,000 on ASSISTANCE
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-02-01", null));

        List<JsonNode> events = completedEvents(person, 2);
        assertThat(events).extracting(e -> e.get("kind").asString()).containsExactly("SETTLED", "ADJUSTED");
        JsonNode adjusted = events.get(1);
        assertThat(adjusted.get("settlementId").asString()).isEqualTo(first.get("settlementId").asString());
        assertThat(adjusted.get("reason").asString()).isEqualTo("IDENTITY_CHANGED");
        assertThat(adjusted.get("payments").get(0).get("layer").asString()).isEqualTo("ASSISTANCE");
        assertThat(adjusted.get("payments").get(0).get("fundCode").asString()).isEqualTo("610100");
        assertThat(adjusted.get("payments").get(0).get("amount").asString()).isEqualTo("3000.00");
        assertThat(adjusted.get("patientPays").asString()).isEqualTo("-3000.00");
        // the first answer is kept as it was; the read shows the adjustment beside it
        http().get().uri("/api/v1/settlements/{id}", first.get("settlementId").asString()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.setlinfo.maf_pay").isEqualTo("0.00")
                .jsonPath("$.adjustments[0].amount").isEqualTo("3000.00")
                .jsonPath("$.adjustments[0].kind").isEqualTo("ADJUSTMENT");

        // the same event again (redelivery): nothing new
        // and an exit dated after the discharge changes nothing either: the identity held on the discharge date
        UUID period = UUID.fromString(db.sql("select period_id from identity_period where person_ref = $1").bind(0, person)
                .map((row, meta) -> row.get(0, UUID.class)).one().block().toString());
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.EXIT, period, "2026-02-01", "2026-06-30"));
        assertThat(completedEvents(person, 2)).hasSize(2);

        // an exit dated before the discharge (validTo inclusive 2026-02-28 → exclusive until 2026-03-01): recovered (追回)
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.EXIT, period, "2026-02-01", "2026-02-28"));
        List<JsonNode> after = completedEvents(person, 3);
        assertThat(after.get(2).get("payments").get(0).get("amount").asString()).isEqualTo("-3000.00");
    }

    @Test
    void aRedeliveredIdentityEventIsAppliedOnce() {
        String person = newPersonRef();
        settleOk(withBurden(person, "2026-03-01", "4000"));
        var dibao = identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null);
        publishIdentity(dibao);
        // the same event id again, then another event of the person behind it on the same partition
        send("identity.changed.v1", person, json.writeValueAsBytes(dibao), dibao.eventId().toString(), dibao.CE_TYPE);
        publishIdentity(identity(person, IdentityType.DIBAO_MARGINAL, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        // SETTLED, then one ADJUSTED (+3,000, jiujiang-2022 三(三)2(2)); the duplicate and the lower-ranked identity add nothing
        List<JsonNode> events = completedEvents(person, 2);
        assertThat(events).extracting(e -> e.get("kind").asString()).containsExactly("SETTLED", "ADJUSTED");
    }

    @Test
    void approvingTiltedAssistanceReSettlesTheYearAndPaysTheDifference() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        // burden 80,000: class 2 pays 75 % = 60,000, capped at 50,000 (jiujiang-2022 三(三)2(2)); no tilted assistance
        // without an application (三(三)2(5) 依申请)
        JsonNode first = settleOk(withBurden(person, "2026-03-01", "80000"));
        assertThat(first.get("setlinfo").get("maf_pay").asString()).isEqualTo("50000.00");
        assertThat(first.get("setlinfo").get("psn_part_amt").asString()).isEqualTo("30000.00");

        // application on 2026-06-01 covers the natural year 2026 (look-back to the March discharge):
        // burden after the three layers 30,000; line 50 % of the 2025 income 40,000 (assumed) = 20,000;
        // (30,000 − 20,000) × 50 % = 5,000 within the 10,000 cap (jiujiang-2022 三(三)2(5))
        as(officeClaims(JIUJIANG)).post().uri("/api/v1/applications").bodyValue(Map.of("personRef", person, "regionCode", JIUJIANG, "kind", "TILTED",
                        "applicationDate", "2026-06-01", "office", "九江市浔阳区医疗保障局"))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.status").isEqualTo("APPROVED")
                .jsonPath("$.windowFrom").isEqualTo("2026-01-01")
                .jsonPath("$.adjustmentLines").isEqualTo(1);
        List<JsonNode> events = completedEvents(person, 2);
        JsonNode adjusted = events.get(1);
        assertThat(adjusted.get("kind").asString()).isEqualTo("ADJUSTED");
        assertThat(adjusted.get("reason").asString()).isEqualTo("GRANT_APPROVED");
        assertThat(adjusted.get("payments").get(0).get("layer").asString()).isEqualTo("SECONDARY_ASSISTANCE");
        assertThat(adjusted.get("payments").get(0).get("amount").asString()).isEqualTo("5000.00");
        // a later discharge now settles with the grant in the book: burden 10,000 → class 2 cap used up, tilted
        // cumulative 40,000 → 10,000 by the band, but 10,000 − 5,000 = 5,000 remain of the cap
        JsonNode second = settleOk(withBurden(person, "2026-08-01", "10000"));
        assertThat(second.get("setlinfo").get("maf_pay").asString()).isEqualTo("5000.00");
    }

    @Test
    void yantaiRefusesASecondIllnessPoorApplicationInOneYearWithAWrittenNotice() {
        String id = newIdNumber();
        as(officeClaims(YANTAI)).post().uri("/api/v1/applications").bodyValue(Map.of("idNumber", id, "regionCode", YANTAI, "kind", "ILLNESS_POOR",
                "applicationDate", "2026-03-01")).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.status").isEqualTo("APPROVED");
        // yantai-2023 三(七): one grant covers one natural year; no second application that year
        byte[] refused = as(officeClaims(YANTAI)).post().uri("/api/v1/applications").bodyValue(Map.of("idNumber", id, "regionCode", YANTAI,
                        "kind", "ILLNESS_POOR", "applicationDate", "2026-09-01", "office", "烟台市芝罘区医疗保障局"))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.status").isEqualTo("REFUSED")
                .jsonPath("$.notice.title").isEqualTo("不符合医疗救助条件书面告知书")
                .returnResult().getResponseBody();
        JsonNode decision = json.readTree(refused);
        assertThat(decision.toString()).doesNotContain(id);
        assertThat(decision.get("notice").get("administrativeReview").asString()).contains("60 日内").contains("行政复议");
        assertThat(decision.get("notice").get("lawsuit").asString()).contains("6 个月内").contains("诉讼");
        String html = as(officeClaims(YANTAI)).get().uri("/api/v1/applications/{id}/notice", decision.get("applicationId").asString()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("不符合医疗救助条件书面告知书", "同一自然年度", "60 日内", "6 个月内", "烟台市芝罘区医疗保障局")
                .doesNotContain(id);
        // a kind the region does not grant is refused too, naming what it does grant
        as(officeClaims(YANTAI)).post().uri("/api/v1/applications").bodyValue(Map.of("idNumber", id, "regionCode", YANTAI, "kind", "TILTED",
                "applicationDate", "2026-09-01")).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.status").isEqualTo("REFUSED");
    }

    @Test
    void hundredConcurrentSettlementsOfOnePersonNeverExceedTheClassTwoCap() throws Exception {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        // jiujiang-2022 三(三)2(2): class 2 pays 75 % with no deductible, at most 50,000 a year.
        // 100 discharges of burden 1,000 each would pay 100 × 750 = 75,000 uncapped; capped, exactly 50,000 in total:
        // 66 × 750 = 49,500, one of 500, 33 of 0, whatever order the lock lets them in.
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).executor(Executors.newFixedThreadPool(16)).build();
        List<CompletableFuture<java.net.http.HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = json.writeValueAsString(withBurden(person, "2026-0" + (1 + i % 9) + "-15", "1000"));
            calls.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/settlements"))
                    .header("Content-Type", "application/json").header("Authorization", bearer(hospitalClaims(HOSPITAL)))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(180, java.util.concurrent.TimeUnit.SECONDS);
        for (var c : calls) {
            assertThat(c.get().statusCode()).as(c.get().body()).isEqualTo(201);
        }
        // paid now (original + adjustments: out-of-order discharge dates re-settle the later ones) on ASSISTANCE
        Long paid = db.sql("""
                select coalesce(sum(p.amount_fen), 0)::bigint from payment p join settlement s on s.id = p.settlement_id
                where s.person_ref = $1 and p.layer = 'ASSISTANCE'""").bind(0, person).map((row, meta) -> row.get(0, Long.class)).one().block();
        assertThat(paid).isEqualTo(5_000_000L);
        http().get().uri("/api/v1/persons/{ref}/years/2026", person).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.discharges").isEqualTo(100)
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].paid").isEqualTo("50000.00")
                .jsonPath("$.layers[?(@.layer == 'ASSISTANCE')].capRemaining").isEqualTo("0.00");
    }
}
