package org.onestop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onestop.infra.embedded.OpenApiDescription;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every member of identity-service's real answers, as serialised, is described by its schema in the gateway's
 * openapi.yaml, and every enumerated value is listed there (issue 14). A field added to an answer record without its
 * description fails here.
 */
class ApiDescriptionIntegrationTest extends IdentityIntegrationTestBase {

    private static final String CSV = "乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码,动态调整工作类型,动态调整时间\n";

    private final OpenApiDescription api = OpenApiDescription.served();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void batchReportsTheirRowsAPersonAndItsHistoryAreDescribedByTheirSchemas() {
        String id = newIdNumber();
        WebTestClient clerk = shanxiCivilAffairs();
        // one accepted row and one whose ID number fails its check digit (rejected, no personRef)
        String bad = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
        String report = text(clerk.post().uri("/api/v1/identity/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("department", "CIVIL_AFFAIRS", "departmentReference", newReference(),
                        "records", List.of(record(id), record(bad))))
                .exchange().expectStatus().isCreated());
        assertThat(api.undescribed("BatchReport", report)).isEmpty();
        String batchId = json.readTree(report).get("batchId").asString();

        String head = newIdNumber();
        String csv = CSV + "小店镇,北格村,张三," + head + ",1,张三," + head + ",新识别,2024-03-01\n";
        assertDescribed("BatchReport", clerk.post().uri("/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=低保"
                        + "&regionCode=140105&departmentReference=" + newReference())
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isCreated());
        assertDescribed("BatchReport", clerk.get().uri("/api/v1/identity/batches/{id}", batchId).exchange().expectStatus().isOk());
        assertDescribed("BatchRows", clerk.get().uri("/api/v1/identity/batches/{id}/rows?status=rejected", batchId)
                .exchange().expectStatus().isOk());
        assertDescribed("BatchList", clerk.get().uri("/api/v1/identity/batches?size=2").exchange().expectStatus().isOk());

        String person = personRef(id);
        assertDescribed("PersonIdentities", http().get().uri("/api/v1/identity/persons/{ref}/identities?on=2024-06-01", person)
                .exchange().expectStatus().isOk());
        JsonNode history = json.readTree(text(http().get().uri("/api/v1/identity/persons/{ref}/history", person)
                .exchange().expectStatus().isOk()));
        assertThat(history.size()).isEqualTo(1);
        for (JsonNode fact : history) {
            assertThat(api.undescribed("IdentityFact", fact.toString())).isEmpty();
        }
    }

    @Test
    void aProblemIsDescribedByTheProblemSchema() {
        assertDescribed("Problem", shanxiCivilAffairs().post().uri("/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS"
                        + "&category=低保&regionCode=140105&departmentReference=" + newReference())
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isBadRequest());
    }

    @Test
    void aRefusedListParameterIsDescribedByTheProblemSchema() {
        assertDescribed("Problem", shanxiCivilAffairs().get().uri("/api/v1/identity/batches?personRef=x")
                .exchange().expectStatus().isBadRequest());
    }

    private static Map<String, Object> record(String idNumber) {
        Map<String, Object> m = new HashMap<>();
        m.put("identityType", "DIBAO");
        m.put("regionCode", "140105");
        m.put("idNumber", idNumber);
        m.put("name", "张三");
        m.put("change", "NEW");
        m.put("startDate", "2024-03-01");
        m.put("recordReference", "r-1");
        return m;
    }

    private void assertDescribed(String schema, WebTestClient.ResponseSpec answer) {
        assertThat(api.undescribed(schema, text(answer))).as(schema).isEmpty();
    }

    private static String text(WebTestClient.ResponseSpec answer) {
        return new String(answer.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
    }
}
