package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import tools.jackson.databind.JsonNode;

/** The lines an approved application paid, as the insurance office reads them on the application. */
class ApplicationAdjustmentsIntegrationTest extends SettlementIntegrationTestBase {

    @Test
    @DisplayName("jiujiang-2022 三(三)2(5) an approved tilted application lists each discharge it re-settled, before, after and difference")
    void anApprovedApplicationListsTheLinesItPaidAndTheyAddUpToWhatItPaid() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        // 低保 is class 2: 75 % of the burden, no deductible, at most 50,000 a year (jiujiang-2022 三(三)2(2)).
        // March, burden 80,000: 75 % = 60,000, capped at 50,000; 30,000 stays with the patient.
        JsonNode march = settleOk(withBurden(person, "2026-03-01", "80000"));
        assertThat(march.get("setlinfo").get("maf_pay").asString()).isEqualTo("50000.00");
        // April, burden 4,000: the class 2 cap is used up, so assistance pays 0.00 and 4,000 stays with the patient.
        JsonNode april = settleOk(withBurden(person, "2026-04-01", "4000"));
        assertThat(april.get("setlinfo").get("maf_pay").asString()).isEqualTo("0.00");

        // Tilted assistance approved on 2026-06-01 covers the natural year (jiujiang-2022 三(三)2(5)): 50 % of what the
        // year's burden after the three layers exceeds 50 % of the prior year's income (2025: 40,000, assumed) =
        // 20,000, at most 10,000 a year.
        //   March: cumulative 30,000 → (30,000 − 20,000) × 50 % = 5,000.00, 5,000 of the cap left;
        //   April: cumulative 34,000 → 4,000 more above the line × 50 % = 2,000.00, 3,000 of the cap left.
        // Neither had paid tilted assistance before: before 0.00, after = difference. Together 7,000.00.
        byte[] registered = as(officeClaims(JIUJIANG)).post().uri("/api/v1/applications").bodyValue(Map.of("personRef", person,
                        "regionCode", JIUJIANG, "kind", "TILTED", "applicationDate", "2026-06-01", "office", "九江市浔阳区医疗保障局"))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        JsonNode decision = json.readTree(registered);
        assertThat(decision.get("status").asString()).isEqualTo("APPROVED");
        assertThat(decision.get("adjustmentLines").asInt()).isEqualTo(2);
        assertLines(decision, march, april);

        // the read gives the same lines, from the payment lines, and still after a later change of the book:
        // cancelling April re-settles nothing of March (its tilted base does not depend on a later discharge),
        // and the application's own lines stay what it paid
        as(hospitalClaims(HOSPITAL)).post().uri("/api/v1/settlements/{id}/cancel", april.get("settlementId").asString())
                .exchange().expectStatus().isOk();
        byte[] read = as(officeClaims(JIUJIANG)).get().uri("/api/v1/applications/{id}", decision.get("applicationId").asString())
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        assertLines(json.readTree(read), march, april);
    }

    private static void assertLines(JsonNode decision, JsonNode march, JsonNode april) {
        JsonNode lines = decision.get("adjustments");
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.get("settlementId").asString()).isEqualTo(march.get("settlementId").asString());
        assertThat(first.get("hospitalSettlementRef").asString()).isEqualTo(march.get("hospitalSettlementRef").asString());
        assertThat(first.get("dischargeDate").asString()).isEqualTo("2026-03-01");
        assertThat(first.get("layer").asString()).isEqualTo("SECONDARY_ASSISTANCE");
        assertThat(first.get("fundCode").asString()).isEqualTo("610102");
        assertThat(first.get("before").asString()).isEqualTo("0.00");
        assertThat(first.get("after").asString()).isEqualTo("5000.00");
        assertThat(first.get("difference").asString()).isEqualTo("5000.00");
        assertThat(first.get("clause").asString()).isEqualTo("jiujiang-2022 三(三)2(5)");
        assertThat(first.get("reason").asString()).isEqualTo("GRANT_APPROVED");
        JsonNode second = lines.get(1);
        assertThat(second.get("settlementId").asString()).isEqualTo(april.get("settlementId").asString());
        assertThat(second.get("dischargeDate").asString()).isEqualTo("2026-04-01");
        assertThat(second.get("before").asString()).isEqualTo("0.00");
        assertThat(second.get("after").asString()).isEqualTo("2000.00");
        assertThat(second.get("difference").asString()).isEqualTo("2000.00");
        assertThat(decision.get("adjustmentsPaid").asString()).isEqualTo("7000.00");
    }

    @Test
    void anApplicationsLinesAreTheOfficesOfItsAreaOnly() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        settleOk(withBurden(person, "2026-03-01", "80000"));
        byte[] registered = as(officeClaims(JIUJIANG)).post().uri("/api/v1/applications").bodyValue(Map.of("personRef", person,
                        "regionCode", JIUJIANG, "kind", "TILTED", "applicationDate", "2026-06-01"))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String id = json.readTree(registered).get("applicationId").asString();
        // another area's office: not found, as an unknown application; a hospital: not its kind of resource
        as(officeClaims(YANTAI)).get().uri("/api/v1/applications/{id}", id).exchange().expectStatus().isNotFound();
        as(hospitalClaims(HOSPITAL)).get().uri("/api/v1/applications/{id}", id).exchange().expectStatus().isForbidden();
    }
}
