package org.onestop.gateway.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README gets a token as {@code hospital-h360402001} and sends {@code infra/examples/discharge.json}; the gateway
 * answers 403 unless the body's hospitalId is that partner's institution and its region lies in the partner's area
 * (issue 14: the API doc's example named another hospital).
 */
class ReadmeExamplePartnerTest {

    @Test
    void theReadmeExampleNamesTheDemoHospitalsInstitutionAndRegion() throws IOException {
        JsonNode example = JsonMapper.builder().build().readTree(Path.of("../infra/examples/discharge.json").toFile());
        Partner hospital = DemoPartners.ALL.stream().filter(p -> p.clientId().equals("hospital-h360402001")).findFirst()
                .orElseThrow();

        assertThat(example.get("hospitalId").asString()).isEqualTo(hospital.institutionId());
        assertThat(example.get("regionCode").asString()).startsWith(hospital.regionCode());
    }
}
