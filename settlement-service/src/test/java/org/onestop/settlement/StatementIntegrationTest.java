package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.onestop.settlement.statement.Chromium;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The 一单制结算单 as the cashier gets it: the hospital asks for a signed printing link with its token, the printer opens
 * the link with no token at all, and headless Chromium (Debian's {@code chromium}) renders and prints it; the test reads
 * what a cashier reads and counts the PDF's pages with PDFBox. Skipped, saying so, only when no Chromium is installed
 * on this machine (CI installs it: .ci/run).
 */
class StatementIntegrationTest extends SettlementIntegrationTestBase {

    /** No Authorization header: a browser or a printer opening the link. PDFs with an embedded CJK font pass 256 KB. */
    WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(120))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
    }

    /** The hospital's own client, for its PDFs. */
    WebTestClient hospital() {
        return anonymous().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, bearer(hospitalClaims(HOSPITAL))).build();
    }

    /**
     * An ordinary Jiujiang stay of a 二类人员 (低保): 14,000 in scope, 10,000 paid upstream by basic insurance, assistance
     * 75 % of 4,000 = 3,000 (jiujiang-2022 三(三)2(2)), the patient pays 1,000 (壹仟元整).
     */
    Map<String, Object> ordinaryStay(String id) {
        String person = personRef(id);
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        Map<String, Object> body = withBurden(person, "2026-05-20", "4000");
        body.remove("personRef");
        body.put("idNumber", id);
        body.put("patientName", "张三");
        body.put("admissionNumber", "ZY20260515001");
        return body;
    }

    @Test
    void theCashierPrintsOneA4PageInChineseFromATokenFreeSignedLink() throws Exception {
        String browser = Chromium.browser();
        assumeTrue(browser != null, "headless Chromium not installed (apt-get install -y chromium): statement printing not checked");
        String id = newIdNumber();
        JsonNode answer = settleOk(ordinaryStay(id));
        String settlementId = answer.get("settlementId").asString();
        // the answer keeps the masked name only, and sex and age from the ID number (17th digit, birth date)
        assertThat(answer.get("patient").get("maskedName").asString()).isEqualTo("张*");
        assertThat(answer.get("patient").get("sex").asString()).isEqualTo((id.charAt(16) - '0') % 2 == 1 ? "1" : "2");
        assertThat(json.writeValueAsString(answer)).doesNotContain("张三");

        JsonNode link = json.readTree(http().post().uri("/api/v1/settlements/{id}/print-link", settlementId).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        String href = link.get("href").asString();
        assertThat(href).startsWith("/print/statements/");
        assertThat(Instant.parse(link.get("expiresAt").asString())).isBetween(Instant.now().plusSeconds(240), Instant.now().plusSeconds(301));

        byte[] page = anonymous().get().uri(href).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML).expectBody().returnResult().getResponseBody();
        String dom = Chromium.dumpDom(browser, page);
        String text = Chromium.visibleText(dom);
        assertThat(text).contains("医疗费用一站式结算单").contains("九江市第一人民医院").contains("江西省九江市濂溪区")
                .contains("《九江市健全重特大疾病医疗保险和救助制度实施方案》").contains("张*").contains("ZY20260515001").contains("5天");
        // the suite's one mask (docs/security.md): the first 6 characters and the check character, 11 hidden between
        assertThat(dom).contains(id.substring(0, 6) + "*".repeat(11) + id.substring(17)).doesNotContain(id);
        assertThat(Chromium.between(dom, "id=\"total-cost\">", "<")).isEqualTo("14000.00");
        assertThat(Chromium.between(dom, "id=\"patient-pays\">", "<")).isEqualTo("1000.00");
        assertThat(Chromium.between(dom, "id=\"patient-pays-capitals\">", "<")).isEqualTo("人民币壹仟元整");
        assertThat(text).contains("医疗救助").contains("75%").contains("3000.00").contains("50000.00").contains("47000.00")
                .contains("三(三)2(2)");
        assertThat(Chromium.latinWords(text, List.of(settlementId))).isEmpty();

        // the PDF, printed by the service's own Chromium through the same link: one A4 page, signature line included
        byte[] pdf = anonymous().get().uri(href + "/pdf").exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF).expectBody().returnResult().getResponseBody();
        assertThat(Chromium.pages(pdf)).isEqualTo(1);
        String printed = Chromium.text(pdf);
        assertThat(printed).contains("患者（家属）签字").contains("人民币壹仟元整").contains("张*");
        assertThat(Chromium.latinWords(printed, List.of(settlementId))).isEmpty();
    }

    @Test
    void aCancelledStatementIsStampedVoidOnScreenAndOnPaper() throws Exception {
        String browser = Chromium.browser();
        assumeTrue(browser != null, "headless Chromium not installed (apt-get install -y chromium): statement printing not checked");
        String settlementId = settleOk(ordinaryStay(newIdNumber())).get("settlementId").asString();
        http().post().uri("/api/v1/settlements/{id}/cancel", settlementId).exchange().expectStatus().isOk();

        byte[] page = http().get().uri("/api/v1/settlements/{id}/statement", settlementId).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        String dom = Chromium.dumpDom(browser, page);
        assertThat(dom).contains("id=\"void-stamp\">作废").contains("class=\"sheet cancelled\"");
        assertThat(Chromium.between(dom, "id=\"status\">", "<")).isEqualTo("已撤销（作废）");

        byte[] pdf = hospital().get().uri("/api/v1/settlements/{id}/statement.pdf", settlementId).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        assertThat(Chromium.text(pdf)).contains("作废");
        assertThat(Chromium.pages(pdf)).isEqualTo(1);
    }

    @Test
    void anAlteredLinkIsRefusedAndNoOtherPathOpensWithoutAToken() {
        String settlementId = settleOk(withBurden(newPersonRef(), "2026-05-20", "4000")).get("settlementId").asString();
        String href = json.readTree(http().post().uri("/api/v1/settlements/{id}/print-link", settlementId).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody()).get("href").asString();
        String altered = href.substring(0, href.length() - 2) + (href.endsWith("AA") ? "BB" : "AA");
        anonymous().get().uri(altered).accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("print-link-invalid");
        // a browser gets the same refusal as a page it can show
        String body = new String(anonymous().get().uri(altered).accept(MediaType.TEXT_HTML).exchange().expectStatus().isForbidden()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        assertThat(body).contains("打印链接无效");
        // the token-free door is the printing link only: the statement itself and a POST under /print still need a token
        anonymous().get().uri("/api/v1/settlements/{id}/statement", settlementId).exchange().expectStatus().isUnauthorized();
        anonymous().post().uri(href).exchange().expectStatus().isUnauthorized();
        // another hospital cannot have a link to this settlement issued
        as(hospitalClaims("H36040200002")).post().uri("/api/v1/settlements/{id}/print-link", settlementId).exchange()
                .expectStatus().isNotFound();
    }
}
