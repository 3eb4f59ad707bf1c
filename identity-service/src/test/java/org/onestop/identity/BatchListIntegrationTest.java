package org.onestop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.identity.PartnerScopeIntegrationTest.record;
import static org.onestop.identity.PartnerScopeIntegrationTest.refused;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A department's list of its earlier batches (docs/identity-api.md "Listing batches"): two departments of one area
 * each see their own, newest first, filtered by Beijing date, kind and status; anything else is refused by name.
 * Each test uses an area no other test pushes in, and received times in January 2026 set by hand (every other batch
 * of the run is received today), so the lists are exactly what a test wrote.
 */
class BatchListIntegrationTest extends IdentityIntegrationTestBase {

    static final String LIST = "/api/v1/identity/batches";
    static final String ROSTER_HEADER = "乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码\n";

    @Autowired
    DatabaseClient db;

    static Consumer<HttpHeaders> department(String department, String region) {
        return PartnerScopeIntegrationTest.department(department, region);
    }

    WebTestClient.ResponseSpec get(Consumer<HttpHeaders> caller, String uri) {
        return http().get().uri(uri).headers(caller).exchange();
    }

    String json(Consumer<HttpHeaders> caller, String department, String reference, List<Map<String, Object>> records) {
        return batchId(http().post().uri(LIST).headers(caller).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("department", department, "departmentReference", reference, "records", records))
                .exchange());
    }

    String roster(Consumer<HttpHeaders> caller, String regionCode, String reference, String id) {
        byte[] body = (ROSTER_HEADER + "榆次镇,东阳村,张三," + id + ",1,,\n").getBytes(StandardCharsets.UTF_8);
        return batchId(http().post().uri(LIST + "/csv?category=低保&regionCode=" + regionCode + "&effectiveDate=2024-03-01"
                        + "&departmentReference=" + reference).headers(caller)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(body).exchange());
    }

    static String batchId(WebTestClient.ResponseSpec created) {
        byte[] body = created.expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8).replaceAll(".*\"batchId\":\"([0-9a-f-]{36})\".*", "$1");
    }

    /** Moves a batch's receipt to {@code at} (a UTC instant), so dates and order are the test's own. */
    void receivedAt(String batchId, String at) {
        db.sql("update batch set received_at = $2 where id = $1").bind(0, UUID.fromString(batchId))
                .bind(1, OffsetDateTime.parse(at)).fetch().rowsUpdated().block();
    }

    @Test
    void twoDepartmentsOfOneAreaEachListTheirOwnBatchesNewestFirst() {
        Consumer<HttpHeaders> civil = department("CIVIL_AFFAIRS", "140700");
        Consumer<HttpHeaders> rural = department("RURAL_REVITALIZATION", "140700");
        String reference = newReference();
        // A: an adjustment (JSON), all accepted; received 2026-01-10 15:30 UTC = 01-10 23:30 in Beijing
        String a = json(civil, "CIVIL_AFFAIRS", reference, List.of(record("DIBAO", "140702", newIdNumber())));
        receivedAt(a, "2026-01-10T15:30:00Z");
        // B: a 附件2 roster file; 2026-01-10 16:30 UTC = 01-11 00:30 in Beijing (the next day there)
        String b = roster(civil, "140702", newReference(), newIdNumber());
        receivedAt(b, "2026-01-10T16:30:00Z");
        // C: A's first correction, one row accepted and one refused (an ID number of 3 digits); 01-12 10:00 Beijing
        String c = json(civil, "CIVIL_AFFAIRS", reference + "-更正1",
                List.of(record("DIBAO", "140702", newIdNumber()), record("DIBAO", "140702", "123")));
        receivedAt(c, "2026-01-12T02:00:00Z");
        // D: the other department of the same area
        String d = json(rural, "RURAL_REVITALIZATION", newReference(),
                List.of(record("RETURNED_TO_POVERTY", "140702", newIdNumber())));
        receivedAt(d, "2026-01-11T00:00:00Z");

        get(civil, LIST).expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(3).jsonPath("$.page").isEqualTo(0).jsonPath("$.size").isEqualTo(20)
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(c, b, a))
                .jsonPath("$.batches[0].departmentReference").isEqualTo(reference + "-更正1")
                .jsonPath("$.batches[0].correctionOf").isEqualTo(reference)
                .jsonPath("$.batches[0].version").isEqualTo(2)
                .jsonPath("$.batches[0].kind").isEqualTo("ADJUSTMENT")
                .jsonPath("$.batches[0].source").isEqualTo("JSON")
                .jsonPath("$.batches[0].status").isEqualTo("PARTIAL")
                .jsonPath("$.batches[0].totalRows").isEqualTo(2)
                .jsonPath("$.batches[0].acceptedRows").isEqualTo(1)
                .jsonPath("$.batches[0].rejectedRows").isEqualTo(1)
                .jsonPath("$.batches[0].receivedAt").isEqualTo("2026-01-12T02:00:00Z")
                .jsonPath("$.batches[0].report").isEqualTo("/api/v1/identity/batches/" + c)
                .jsonPath("$.batches[0].rows").isEqualTo("/api/v1/identity/batches/" + c + "/rows")
                .jsonPath("$.batches[1].kind").isEqualTo("ROSTER")
                .jsonPath("$.batches[1].source").isEqualTo("CSV")
                .jsonPath("$.batches[1].identityType").isEqualTo("DIBAO")
                .jsonPath("$.batches[1].status").isEqualTo("ACCEPTED")
                .jsonPath("$.batches[2].correctionOf").doesNotExist()
                .jsonPath("$.batches[2].version").isEqualTo(1)
                .jsonPath("$.batches[2].area").isEqualTo("140700");
        get(rural, LIST).expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1).jsonPath("$.batches[*].batchId").isEqualTo(List.of(d));

        // days are Beijing days: B, received on 01-10 in UTC, is a batch of 01-11
        get(civil, LIST + "?from=2026-01-11").expectStatus().isOk().expectBody()
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(c, b));
        get(civil, LIST + "?to=2026-01-10").expectStatus().isOk().expectBody()
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(a));
        get(civil, LIST + "?from=2026-01-11&to=2026-01-11").expectStatus().isOk().expectBody()
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(b));
        get(civil, LIST + "?kind=roster").expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1).jsonPath("$.batches[*].batchId").isEqualTo(List.of(b));
        get(civil, LIST + "?kind=ADJUSTMENT").expectStatus().isOk().expectBody()
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(c, a));
        get(civil, LIST + "?status=partial").expectStatus().isOk().expectBody()
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(c));
        get(civil, LIST + "?status=rejected,empty").expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(0).jsonPath("$.batches.length()").isEqualTo(0);
        // the third of three, alone on the second page of two
        get(civil, LIST + "?page=1&size=2").expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(3).jsonPath("$.page").isEqualTo(1).jsonPath("$.size").isEqualTo(2)
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(a));

        // an operator reads every department's; a city of another area and other partner types read none of these
        get(PartnerScopeIntegrationTest.OPERATOR, LIST + "?from=2026-01-10&to=2026-01-12").expectStatus().isOk()
                .expectBody().jsonPath("$.batches[*].batchId").isEqualTo(List.of(c, d, b, a));
        get(department("CIVIL_AFFAIRS", "140100"), LIST + "?from=2026-01-10&to=2026-01-12").expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(0);
        refused(get(PartnerScopeIntegrationTest.HOSPITAL, LIST), 403, "not-allowed-for-partner-type");
        refused(get(PartnerScopeIntegrationTest.INSURANCE_OFFICE, LIST), 403, "not-allowed-for-partner-type");
    }

    @Test
    void aProvincesDepartmentListsItsCitiesBatchesAndACityNotTheProvinces() {
        Consumer<HttpHeaders> city = department("VETERANS_AFFAIRS", "140800");
        Consumer<HttpHeaders> province = department("VETERANS_AFFAIRS", "140000");
        String cityBatch = json(city, "VETERANS_AFFAIRS", newReference(),
                List.of(record("KEY_ENTITLED_VETERAN", "140802", newIdNumber())));
        receivedAt(cityBatch, "2026-01-20T04:00:00Z");
        String provinceBatch = json(province, "VETERANS_AFFAIRS", newReference(),
                List.of(record("KEY_ENTITLED_VETERAN", "140802", newIdNumber())));
        receivedAt(provinceBatch, "2026-01-20T05:00:00Z");

        get(province, LIST + "?from=2026-01-20&to=2026-01-20").expectStatus().isOk().expectBody()
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(provinceBatch, cityBatch));
        get(city, LIST + "?from=2026-01-20&to=2026-01-20").expectStatus().isOk().expectBody()
                .jsonPath("$.batches[*].batchId").isEqualTo(List.of(cityBatch));
    }

    @Test
    void anUnknownOrMalformedParameterIsRefusedNamingIt() {
        Consumer<HttpHeaders> civil = department("CIVIL_AFFAIRS", "140900");
        // before: a misspelt filter would have answered the whole list as if it had applied
        field(get(civil, LIST + "?personRef=abc"), "unknown-parameter", "personRef");
        field(get(civil, LIST + "?from=2026-13-01"), "invalid-parameter", "from");
        field(get(civil, LIST + "?from=2026-01-12&to=2026-01-11"), "invalid-parameter", "to");
        field(get(civil, LIST + "?kind=list"), "invalid-parameter", "kind");
        field(get(civil, LIST + "?status=accepted,done"), "invalid-parameter", "status");
        field(get(civil, LIST + "?size=0"), "invalid-parameter", "size");
        field(get(civil, LIST + "?size=201"), "invalid-parameter", "size");
        field(get(civil, LIST + "?page=-1"), "invalid-parameter", "page");
        field(get(civil, LIST + "?kind=roster&kind=adjustment"), "invalid-parameter", "kind");
    }

    static void field(WebTestClient.ResponseSpec response, String code, String field) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.type").isEqualTo("/problems/" + code)
                .jsonPath("$.field").isEqualTo(field);
    }
}
