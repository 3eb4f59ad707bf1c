package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * A settle body over the codecs' limit (Spring's default 256 KB, which settlement-service keeps) answers the suite's
 * size problem naming the limit, not the framework's bare 413 (issue 15), and the service keeps serving.
 */
class PayloadLimitIntegrationTest extends SettlementIntegrationTestBase {

    @Test
    void aSettleBodyOver256KbAnswersThePayloadTooLargeProblemNamingTheLimit() {
        // a valid discharge padded with a 300 KB disease code: over 256 KB = 262,144 bytes before any field is checked
        Map<String, Object> body = withBurden(newPersonRef(), "2026-03-10", "1000");
        body.put("diseaseCode", "x".repeat(300 * 1024));

        http().post().uri("/api/v1/settlements").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("payload-too-large")
                .jsonPath("$.type").isEqualTo("/problems/payload-too-large")
                .jsonPath("$.limitBytes").isEqualTo(262144)
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("至多 256 KB"));

        settleOk(withBurden(newPersonRef(), "2026-03-10", "1000"));
    }
}
