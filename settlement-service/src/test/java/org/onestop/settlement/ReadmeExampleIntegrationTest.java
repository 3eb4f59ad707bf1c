package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The README's example body, the file itself ({@code infra/examples/discharge.json}), goes through the same parse,
 * validation, ownership check and engine as a settle, so the example the README prints cannot rot (issue 14: it did
 * not exist, and the API doc's hospital was not the demo hospital's).
 */
class ReadmeExampleIntegrationTest extends SettlementIntegrationTestBase {

    /** The module runs its tests in its own directory; the repository root is its parent. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = ROOT.resolve("infra/examples/discharge.json");

    /** The gateway's demo partner {@code hospital-h360402001} (gateway DemoPartners): its institution. */
    private static final String DEMO_HOSPITAL = "H360402001";

    @Test
    void theReadmeCommandSendsTheExampleFile() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("-d @infra/examples/discharge.json");
        assertThat(EXAMPLE).exists();
    }

    @Test
    void theReadmeExamplePreviewsAsTheDemoHospitalWithTheFiguresTheApiDocPrints() throws IOException {
        byte[] body = Files.readAllBytes(EXAMPLE);

        byte[] answer = as(hospitalClaims(DEMO_HOSPITAL)).post().uri("/api/v1/settlements/preview")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();

        JsonNode a = json.readTree(answer);
        JsonNode setl = a.get("setlinfo");
        assertThat(a.get("status").asString()).isEqualTo("PREVIEW");
        assertThat(a.get("hospitalId").asString()).isEqualTo(DEMO_HOSPITAL);
        assertThat(setl.get("medfee_sumamt").asString()).isEqualTo("52000.00");
        // docs/settlement-api.md, Example: jiujiang-2022's assumed resident secondary-hospital basic insurance,
        // (48,000 in scope − 800 deductible) × 75 % = 35,400; the person has no identity, so no assistance and the
        // patient pays the rest: 52,000 − 35,400 = 16,600
        assertThat(setl.get("hifp_pay").asString()).isEqualTo("35400.00");
        assertThat(setl.get("psn_part_amt").asString()).isEqualTo("16600.00");
        assertThat(a.toString()).doesNotContain("360402195803120428");
    }

    @Test
    void theExampleIsRefusedForAnotherHospitalSoItsHospitalIdIsWhatMakesItAnswer() throws IOException {
        byte[] body = Files.readAllBytes(EXAMPLE);

        as(hospitalClaims("H36040200001")).post().uri("/api/v1/settlements/preview")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("not-your-institution");
    }
}
