package org.onestop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The service's own check of what each partner may touch (docs/identity-api.md "Who may call what"), each call with
 * the internal token the gateway would mint for that partner. A refused write must leave no batch, fact, person or outbox row behind.
 */
class PartnerScopeIntegrationTest extends IdentityIntegrationTestBase {

    static final String HEADER = IdentityBatchesIntegrationTest.HEADER;

    @Autowired
    DatabaseClient db;

    // --- callers, as the gateway states them

    static Consumer<HttpHeaders> department(String department, String region) {
        return caller(departmentClaims(department, region));
    }

    /** Sets a fresh internal token for the partner {@code claims} describe on each request. */
    static Consumer<HttpHeaders> caller(Map<String, String> claims) {
        return h -> h.set(HttpHeaders.AUTHORIZATION, bearer(claims));
    }

    static final Consumer<HttpHeaders> SHANXI_CIVIL = department("CIVIL_AFFAIRS", "140000");
    static final Consumer<HttpHeaders> JIUJIANG_CIVIL = department("CIVIL_AFFAIRS", "360400");
    static final Consumer<HttpHeaders> TAIYUAN_CIVIL = department("CIVIL_AFFAIRS", "140100");
    static final Consumer<HttpHeaders> SHANXI_RURAL = department("RURAL_REVITALIZATION", "140000");
    static final Consumer<HttpHeaders> SHANXI_VETERANS = department("VETERANS_AFFAIRS", "140000");
    static final Consumer<HttpHeaders> OPERATOR = caller(Map.of("sub", "ops", "partner_type", "operator"));
    static final Consumer<HttpHeaders> HOSPITAL = caller(Map.of("sub", "his-1", "partner_type", "hospital",
            "institution", "H14010500001", "region", "140105"));
    static final Consumer<HttpHeaders> INSURANCE_OFFICE = caller(Map.of("sub", "ybj-140105", "partner_type",
            "insurance-office", "region", "140105"));

    // --- requests

    static Map<String, Object> record(String type, String region, String id) {
        Map<String, Object> m = new HashMap<>();
        m.put("identityType", type);
        m.put("regionCode", region);
        m.put("idNumber", id);
        m.put("name", "张三");
        m.put("change", "NEW");
        m.put("startDate", "2024-03-01");
        return m;
    }

    WebTestClient.ResponseSpec postJson(Consumer<HttpHeaders> caller, String department, String reference,
            List<Map<String, Object>> records) {
        return http().post().uri("/api/v1/identity/batches").headers(caller).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("department", department, "departmentReference", reference, "records", records))
                .exchange();
    }

    WebTestClient.ResponseSpec postCsv(Consumer<HttpHeaders> caller, String query, String id) {
        return http().post().uri("/api/v1/identity/batches/csv?category=低保&" + query).headers(caller)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv(id)).exchange();
    }

    WebTestClient.ResponseSpec postCsvMultipart(Consumer<HttpHeaders> caller, String query, String id) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", new ByteArrayResource(csv(id)) {
            @Override
            public String getFilename() {
                return "list.csv";
            }
        }).contentType(MediaType.parseMediaType("text/csv"));
        return http().post().uri("/api/v1/identity/batches/csv?category=低保&" + query).headers(caller)
                .contentType(MediaType.MULTIPART_FORM_DATA).body(BodyInserters.fromMultipartData(parts.build())).exchange();
    }

    static byte[] csv(String id) {
        return (HEADER + IdentityBatchesIntegrationTest.csvRow("张三", id, "", "", "新识别", "2024-03-01"))
                .getBytes(StandardCharsets.UTF_8);
    }

    WebTestClient.ResponseSpec get(Consumer<HttpHeaders> caller, String uri, Object... vars) {
        return http().get().uri(uri, vars).headers(caller).exchange();
    }

    WebTestClient.ResponseSpec lookup(Consumer<HttpHeaders> caller, String id) {
        return http().post().uri("/api/v1/identity/persons/lookup").headers(caller).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("idNumber", id, "on", "2024-06-01")).exchange();
    }

    static void refused(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.type").isEqualTo("/problems/" + code);
    }

    String batchId(WebTestClient.ResponseSpec created) {
        byte[] body = created.expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8).replaceAll(".*\"batchId\":\"([0-9a-f-]{36})\".*", "$1");
    }

    long count(String sql, String value) {
        return db.sql(sql).bind(0, value).map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    /** Nothing of a refused push is stored: no batch under its reference, no person, fact, period or outbox row. */
    void nothingStored(String reference, String id) {
        String ref = personRef(id);
        assertThat(count("select count(*) from batch where department_reference = $1", reference)).isZero();
        assertThat(count("select count(*) from person where person_ref = $1", ref)).isZero();
        assertThat(count("select count(*) from identity_fact where person_ref = $1", ref)).isZero();
        assertThat(count("select count(*) from identity_period where person_ref = $1", ref)).isZero();
        assertThat(count("select count(*) from messaging_outbox where aggregateid = $1", ref)).isZero();
        get(OPERATOR, "/api/v1/identity/persons/{ref}/history", ref).expectStatus().isNotFound();
    }

    // --- pushes

    @Test
    void aDepartmentPushesJsonInItsOwnNameAndArea() {
        String id = newIdNumber();
        batchId(postJson(SHANXI_CIVIL, "CIVIL_AFFAIRS", newReference(), List.of(record("DIBAO", "140105", id))));
        get(OPERATOR, "/api/v1/identity/persons/{ref}/history", personRef(id)).expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void aJsonPushInAnotherDepartmentsNameIsRefusedAndStoresNothing() {
        String id = newIdNumber();
        String reference = newReference();
        refused(postJson(SHANXI_RURAL, "CIVIL_AFFAIRS", reference, List.of(record("DIBAO", "140105", id))), 403,
                "not-your-department");
        refused(postJson(SHANXI_RURAL, "民政", reference, List.of(record("DIBAO", "140105", id))), 403,
                "not-your-department");
        nothingStored(reference, id);
    }

    @Test
    void aJsonPushWithOneRowOutsideTheAreaIsRefusedWholeNamingTheRow() {
        String inside = newIdNumber();
        String outside = newIdNumber();
        String reference = newReference();
        postJson(JIUJIANG_CIVIL, "CIVIL_AFFAIRS", reference, List.of(record("DIBAO", "360402", inside),
                record("DIBAO", "140105", outside)))
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-your-region").jsonPath("$.rows").isEqualTo(List.of(2));
        nothingStored(reference, inside);
        nothingStored(reference, outside);
    }

    @Test
    void onlyDepartmentsPushBatches() {
        String id = newIdNumber();
        String reference = newReference();
        for (Consumer<HttpHeaders> caller : List.of(OPERATOR, HOSPITAL, INSURANCE_OFFICE)) {
            refused(postJson(caller, "CIVIL_AFFAIRS", reference, List.of(record("DIBAO", "140105", id))), 403,
                    "not-allowed-for-partner-type");
            refused(postCsv(caller, "department=CIVIL_AFFAIRS&regionCode=140105&departmentReference=" + reference, id),
                    403, "not-allowed-for-partner-type");
        }
        nothingStored(reference, id);
    }

    @Test
    void anUnknownPartnerTypeOrADepartmentWithoutAreaIsRefused() {
        String id = newIdNumber();
        String reference = newReference();
        // an unknown partner type names nobody: the token itself is refused
        Consumer<HttpHeaders> forged = caller(Map.of("sub", "x", "partner_type", "superuser"));
        refused(postJson(forged, "CIVIL_AFFAIRS", reference, List.of(record("DIBAO", "140105", id))), 401,
                "unauthenticated");
        refused(get(forged, "/api/v1/identity/persons/{ref}/history", personRef(id)), 401, "unauthenticated");
        Consumer<HttpHeaders> departmentWithoutArea = caller(Map.of("sub", "mz", "partner_type", "department",
                "department", "CIVIL_AFFAIRS"));
        refused(postJson(departmentWithoutArea, "CIVIL_AFFAIRS", reference, List.of(record("DIBAO", "140105", id))), 400,
                "invalid-caller");
        nothingStored(reference, id);
    }

    @Test
    void aCsvWithoutDepartmentIsTheCallersAndMustLieInItsArea() {
        String id = newIdNumber();
        String batchId = batchId(postCsv(SHANXI_CIVIL, "regionCode=140105&departmentReference=" + newReference(), id));
        get(OPERATOR, "/api/v1/identity/batches/{id}", batchId).expectStatus().isOk()
                .expectBody().jsonPath("$.department").isEqualTo("CIVIL_AFFAIRS").jsonPath("$.acceptedRows").isEqualTo(1);

        String refusedId = newIdNumber();
        String reference = newReference();
        refused(postCsv(JIUJIANG_CIVIL, "regionCode=140105&departmentReference=" + reference, refusedId), 403,
                "not-your-region");
        refused(postCsv(SHANXI_VETERANS, "department=CIVIL_AFFAIRS&regionCode=140105&departmentReference=" + reference,
                refusedId), 403, "not-your-department");
        nothingStored(reference, refusedId);
    }

    @Test
    void aMultipartCsvIsCheckedTheSameWay() {
        String id = newIdNumber();
        batchId(postCsvMultipart(SHANXI_CIVIL, "department=CIVIL_AFFAIRS&regionCode=140105&departmentReference="
                + newReference(), id));

        String refusedId = newIdNumber();
        String reference = newReference();
        refused(postCsvMultipart(JIUJIANG_CIVIL, "department=CIVIL_AFFAIRS&regionCode=140105&departmentReference="
                + reference, refusedId), 403, "not-your-region");
        refused(postCsvMultipart(SHANXI_RURAL, "department=CIVIL_AFFAIRS&regionCode=140105&departmentReference="
                + reference, refusedId), 403, "not-your-department");
        nothingStored(reference, refusedId);
    }

    // --- batch reports

    @Test
    void aDepartmentReadsOnlyItsOwnDepartmentsBatches() {
        String batchId = batchId(postJson(SHANXI_CIVIL, "CIVIL_AFFAIRS", newReference(),
                List.of(record("DIBAO", "140105", newIdNumber()))));
        for (String uri : List.of("/api/v1/identity/batches/{id}", "/api/v1/identity/batches/{id}/rows")) {
            get(SHANXI_CIVIL, uri, batchId).expectStatus().isOk();
            get(OPERATOR, uri, batchId).expectStatus().isOk();
            get(SHANXI_RURAL, uri, batchId).expectStatus().isNotFound();
            get(SHANXI_VETERANS, uri, batchId).expectStatus().isNotFound();
            refused(get(HOSPITAL, uri, batchId), 403, "not-allowed-for-partner-type");
            refused(get(INSURANCE_OFFICE, uri, batchId), 403, "not-allowed-for-partner-type");
        }
    }

    @Test
    void twoAreasOfOneDepartmentKeepTheirOwnBatchesUnderTheSameReference() {
        String reference = newReference();
        String jiujiangId = newIdNumber();
        String shanxiId = newIdNumber();
        List<Map<String, Object>> shanxiRecords = List.of(record("DIBAO", "140105", shanxiId));
        String jiujiang = batchId(postJson(JIUJIANG_CIVIL, "CIVIL_AFFAIRS", reference,
                List.of(record("DIBAO", "360402", jiujiangId))));
        // before: Shanxi got Jiujiang's report as a "duplicate" and its batch was not stored
        byte[] shanxiFirst = postJson(SHANXI_CIVIL, "CIVIL_AFFAIRS", reference, shanxiRecords)
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.duplicate").isEqualTo(false).jsonPath("$.area").isEqualTo("140000")
                .jsonPath("$.acceptedRows").isEqualTo(1).jsonPath("$.rows[0].personRef").isEqualTo(personRef(shanxiId))
                .returnResult().getResponseBody();
        String shanxi = new String(shanxiFirst, StandardCharsets.UTF_8)
                .replaceAll(".*\"batchId\":\"([0-9a-f-]{36})\".*", "$1");
        assertThat(shanxi).isNotEqualTo(jiujiang);
        assertThat(count("select count(*) from batch where department_reference = $1", reference)).isEqualTo(2);
        get(OPERATOR, "/api/v1/identity/persons/{ref}/history", personRef(shanxiId)).expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].batchId").isEqualTo(shanxi);

        for (String uri : List.of("/api/v1/identity/batches/{id}", "/api/v1/identity/batches/{id}/rows")) {
            get(SHANXI_CIVIL, uri, shanxi).expectStatus().isOk();
            get(JIUJIANG_CIVIL, uri, jiujiang).expectStatus().isOk();
            get(SHANXI_CIVIL, uri, jiujiang).expectStatus().isNotFound();
            get(JIUJIANG_CIVIL, uri, shanxi).expectStatus().isNotFound();
            get(OPERATOR, uri, shanxi).expectStatus().isOk();
            get(OPERATOR, uri, jiujiang).expectStatus().isOk();
        }
        get(SHANXI_CIVIL, "/api/v1/identity/batches/{id}/rows", shanxi).expectStatus().isOk()
                .expectBody().jsonPath("$.rows.length()").isEqualTo(1)
                .jsonPath("$.rows[0].personRef").isEqualTo(personRef(shanxiId));

        // Shanxi's identical push again: its own first report, nothing stored
        postJson(SHANXI_CIVIL, "CIVIL_AFFAIRS", reference, shanxiRecords).expectStatus().isOk()
                .expectBody().jsonPath("$.duplicate").isEqualTo(true).jsonPath("$.batchId").isEqualTo(shanxi)
                .jsonPath("$.rows[0].personRef").isEqualTo(personRef(shanxiId));
        // the same key with other content is refused (409, naming Shanxi's own batch), nothing stored
        String otherId = newIdNumber();
        postJson(SHANXI_CIVIL, "CIVIL_AFFAIRS", reference, List.of(record("DIBAO", "140105", otherId)))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("batch-content-differs")
                .jsonPath("$.earlierBatchId").isEqualTo(shanxi);
        nothingStored("no-such-reference", otherId);
        // and so is Jiujiang's
        postJson(JIUJIANG_CIVIL, "CIVIL_AFFAIRS", reference, List.of(record("DIBAO", "360402", jiujiangId)))
                .expectStatus().isOk().expectBody().jsonPath("$.duplicate").isEqualTo(true)
                .jsonPath("$.batchId").isEqualTo(jiujiang);
        assertThat(count("select count(*) from batch where department_reference = $1", reference)).isEqualTo(2);
    }

    @Test
    void aCsvUnderAnotherAreasReferenceIsStoredAsItsOwn() {
        String reference = newReference();
        String jiujiang = batchId(postCsv(JIUJIANG_CIVIL, "regionCode=360402&departmentReference=" + reference,
                newIdNumber()));
        String shanxi = batchId(postCsv(SHANXI_CIVIL, "regionCode=140105&departmentReference=" + reference,
                newIdNumber()));
        assertThat(shanxi).isNotEqualTo(jiujiang);
        get(SHANXI_CIVIL, "/api/v1/identity/batches/{id}", jiujiang).expectStatus().isNotFound();
        get(JIUJIANG_CIVIL, "/api/v1/identity/batches/{id}", shanxi).expectStatus().isNotFound();
    }

    @Test
    void aProvincesPartnerReadsItsCitiesBatchesButNotTheOtherWayRound() {
        String city = batchId(postJson(TAIYUAN_CIVIL, "CIVIL_AFFAIRS", newReference(),
                List.of(record("DIBAO", "140105", newIdNumber()))));
        String province = batchId(postJson(SHANXI_CIVIL, "CIVIL_AFFAIRS", newReference(),
                List.of(record("DIBAO", "140105", newIdNumber()))));
        get(SHANXI_CIVIL, "/api/v1/identity/batches/{id}", city).expectStatus().isOk()
                .expectBody().jsonPath("$.area").isEqualTo("140100");
        get(TAIYUAN_CIVIL, "/api/v1/identity/batches/{id}", province).expectStatus().isNotFound();
        get(TAIYUAN_CIVIL, "/api/v1/identity/batches/{id}/rows", province).expectStatus().isNotFound();

    }

    // --- persons

    @Test
    void aDepartmentSeesOnlyTheTypesItOwnsInItsArea() {
        String id = newIdNumber();
        String ref = personRef(id);
        batchId(postJson(SHANXI_CIVIL, "CIVIL_AFFAIRS", newReference(), List.of(record("DIBAO", "140105", id))));
        batchId(postJson(SHANXI_RURAL, "RURAL_REVITALIZATION", newReference(),
                List.of(record("RETURNED_TO_POVERTY", "140105", id))));

        get(OPERATOR, "/api/v1/identity/persons/{ref}/identities?on=2024-06-01", ref).expectStatus().isOk()
                .expectBody().jsonPath("$.identities.length()").isEqualTo(2);
        get(OPERATOR, "/api/v1/identity/persons/{ref}/history", ref).expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(2);

        get(SHANXI_CIVIL, "/api/v1/identity/persons/{ref}/identities?on=2024-06-01", ref).expectStatus().isOk()
                .expectBody().jsonPath("$.identities.length()").isEqualTo(1)
                .jsonPath("$.identities[0].identityType").isEqualTo("DIBAO");
        get(SHANXI_CIVIL, "/api/v1/identity/persons/{ref}/history", ref).expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].identityType").isEqualTo("DIBAO");
        lookup(SHANXI_CIVIL, id).expectStatus().isOk()
                .expectBody().jsonPath("$.identities.length()").isEqualTo(1);
        get(SHANXI_RURAL, "/api/v1/identity/persons/{ref}/history", ref).expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].identityType").isEqualTo("RETURNED_TO_POVERTY");
        // a visible person with nothing valid on the date is known, with no identities
        get(SHANXI_CIVIL, "/api/v1/identity/persons/{ref}/identities?on=2023-01-01", ref).expectStatus().isOk()
                .expectBody().jsonPath("$.identities.length()").isEqualTo(0);
    }

    @Test
    void aPersonWithNothingVisibleIsUnknownToTheDepartment() {
        String id = newIdNumber();
        String ref = personRef(id);
        batchId(postJson(SHANXI_CIVIL, "CIVIL_AFFAIRS", newReference(), List.of(record("DIBAO", "140105", id))));

        for (Consumer<HttpHeaders> outsider : List.of(JIUJIANG_CIVIL, SHANXI_VETERANS)) {
            get(outsider, "/api/v1/identity/persons/{ref}/identities", ref).expectStatus().isNotFound();
            get(outsider, "/api/v1/identity/persons/{ref}/history", ref).expectStatus().isNotFound();
            lookup(outsider, id).expectStatus().isNotFound();
        }
        for (Consumer<HttpHeaders> other : List.of(HOSPITAL, INSURANCE_OFFICE)) {
            refused(get(other, "/api/v1/identity/persons/{ref}/identities", ref), 403, "not-allowed-for-partner-type");
            refused(lookup(other, id), 403, "not-allowed-for-partner-type");
        }
        lookup(SHANXI_CIVIL, id).expectStatus().isOk();
        get(OPERATOR, "/api/v1/identity/persons/{ref}/identities", ref).expectStatus().isEqualTo(HttpStatus.OK);
    }
}
