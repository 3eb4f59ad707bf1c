package org.onestop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.onestop.events.Department;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class IdentityBatchesIntegrationTest extends IdentityIntegrationTestBase {

    static final String HEADER = "乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码,动态调整工作类型,动态调整时间\n";

    static Map<String, Object> record(String type, String id, String change, String start, String end) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("identityType", type);
        m.put("regionCode", "140105");
        m.put("idNumber", id);
        m.put("name", "张三");
        m.put("change", change);
        m.put("startDate", start);
        if (end != null) {
            m.put("endDate", end);
        }
        return m;
    }

    /** Pushed by {@code department}'s Shanxi partner (140000 holds 140105); an unknown name by the civil affairs one. */
    WebTestClient.ResponseSpec postJson(String department, String reference, List<Map<String, Object>> records) {
        String caller = Department.parse(department).map(Enum::name).orElse("CIVIL_AFFAIRS");
        return as(departmentClaims(caller, "140000")).post().uri("/api/v1/identity/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("department", department, "departmentReference", reference, "records", records))
                .exchange();
    }

    WebTestClient.ResponseSpec postCsv(byte[] body, String reference, String extraQuery) {
        return shanxiCivilAffairs().post()
                .uri("/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=低保&regionCode=140105&departmentReference="
                        + reference + extraQuery)
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(body)
                .exchange();
    }

    static String csvRow(String headName, String headId, String memberName, String memberId, String change, String date) {
        return "小店镇,北格村," + headName + "," + headId + ",2," + memberName + "," + memberId + "," + change + "," + date + "\n";
    }

    @Test
    void acceptedJsonRowIsPublishedKeyedByPersonRefWithoutTheRawNumber() {
        String id = newIdNumber();
        String ref = personRef(id);
        postJson("CIVIL_AFFAIRS", newReference(), List.of(record("DIBAO", id, "NEW", "2024-03-01", null)))
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.acceptedRows").isEqualTo(1)
                .jsonPath("$.rejectedRows").isEqualTo(0)
                .jsonPath("$.rows[0].status").isEqualTo("ACCEPTED")
                .jsonPath("$.rows[0].personRef").isEqualTo(ref)
                .jsonPath("$.rows[0].maskedIdNumber").isEqualTo(id.substring(0, 6) + "***********" + id.substring(17));

        ConsumerRecord<String, byte[]> event = awaitEvent(ref);
        String value = new String(event.value(), StandardCharsets.UTF_8);
        assertThat(value).contains("\"personRef\":\"" + ref + "\"", "\"identityType\":\"DIBAO\"", "\"change\":\"NEW\"",
                "\"validFrom\":\"2024-03-01\"");
        assertThat(value).doesNotContain(id).doesNotContain("张三");
        assertThat(header(event, "ce_type")).isEqualTo("org.onestop.identity.changed.v1");
        assertThat(header(event, "ce_subject")).isEqualTo(ref);
        assertThat(header(event, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(event, "content-type")).isEqualTo("application/json");
        assertThat(UUID.fromString(header(event, "ce_id"))).isNotNull();
        for (Header h : event.headers()) {
            assertThat(new String(h.value(), StandardCharsets.UTF_8)).doesNotContain(id);
        }
    }

    @Test
    void utf8AdjustmentListStoresTheHeadAndMembersWithTheirHousehold() {
        String head = newIdNumber();
        String member = newIdNumber();
        String csv = HEADER + csvRow("张三", head, "张三", head, "新识别", "2024-03-01")
                + csvRow("", "", "李四", member, "自然增加", "2024-04-01");
        postCsv(csv.getBytes(StandardCharsets.UTF_8), newReference(), "")
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.totalRows").isEqualTo(2).jsonPath("$.acceptedRows").isEqualTo(2);

        http().get().uri("/api/v1/identity/persons/{ref}/identities?on=2024-04-01", personRef(member)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.householdRef").isEqualTo(personRef(head))
                .jsonPath("$.identities[0].identityType").isEqualTo("DIBAO")
                .jsonPath("$.identities[0].validFrom").isEqualTo("2024-04-01");
        awaitEvent(personRef(member));
    }

    @Test
    void gb18030FileIsReadWithoutACharsetParameter() {
        String id = newIdNumber();
        String csv = HEADER + csvRow("王五", id, "王五", id, "新识别", "2024-03-01");
        postCsv(csv.getBytes(Charset.forName("GB18030")), newReference(), "")
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.acceptedRows").isEqualTo(1);
        // the name survived decoding only if the row was read as GB18030: the member is known by its personRef
        http().get().uri("/api/v1/identity/persons/{ref}/identities?on=2024-03-01", personRef(id)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.identities.length()").isEqualTo(1);
    }

    @Test
    void badRowsAreRejectedOneByOneWithTheClerksReason() {
        String good = newIdNumber();
        String foreignType = newIdNumber();
        String exitWithoutGrant = newIdNumber();
        String endBeforeStart = newIdNumber();
        postJson("CIVIL_AFFAIRS", newReference(), List.of(
                record("DIBAO", good, "NEW", "2024-03-01", null),
                record("DIBAO", "110105194912310021", "NEW", "2024-03-01", null),
                record("NOT_A_TYPE", newIdNumber(), "NEW", "2024-03-01", null),
                record("RETURNED_TO_POVERTY", foreignType, "NEW", "2024-03-01", null),
                record("DIBAO", exitWithoutGrant, "EXIT", "2024-03-01", null),
                record("DIBAO", endBeforeStart, "NEW", "2024-03-01", "2024-01-31"),
                record("DIBAO", good, "EXIT", "2024-02-01", null)))
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.acceptedRows").isEqualTo(1)
                .jsonPath("$.rejectedRows").isEqualTo(6)
                .jsonPath("$.rows[1].reasonCode").isEqualTo("ID_CHECK_DIGIT")
                .jsonPath("$.rows[1].reason").isEqualTo("身份证号码校验位错误,请核对号码")
                .jsonPath("$.rows[1].maskedIdNumber").doesNotExist()
                .jsonPath("$.rows[2].reasonCode").isEqualTo("UNKNOWN_TYPE")
                .jsonPath("$.rows[3].reasonCode").isEqualTo("TYPE_NOT_OWNED")
                .jsonPath("$.rows[4].reasonCode").isEqualTo("NO_OPEN_PERIOD")
                .jsonPath("$.rows[5].reasonCode").isEqualTo("END_BEFORE_START")
                .jsonPath("$.rows[6].reasonCode").isEqualTo("EXIT_BEFORE_START");
        http().get().uri("/api/v1/identity/persons/{ref}/identities", personRef(foreignType)).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void rejectedRowsAreQueryableLaterPageByPage() {
        byte[] body = postJson("CIVIL_AFFAIRS", newReference(), List.of(
                record("DIBAO", newIdNumber(), "NEW", "2024-03-01", null),
                record("DIBAO", "110105194912310021", "NEW", "2024-03-01", null)))
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String batchId = new String(body, StandardCharsets.UTF_8).replaceAll(".*\"batchId\":\"([0-9a-f-]{36})\".*", "$1");
        http().get().uri("/api/v1/identity/batches/{id}", batchId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalRows").isEqualTo(2).jsonPath("$.rejectedRows").isEqualTo(1);
        http().get().uri("/api/v1/identity/batches/{id}/rows?status=rejected", batchId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.rows.length()").isEqualTo(1).jsonPath("$.rows[0].rowNumber").isEqualTo(2);
    }

    @Test
    void acceptedRowsAreReportedFromTheirFactsInRowOrder() {
        // accepted rows have no batch_row line: the report reads them from identity_fact (+ person for the mask)
        String id = newIdNumber();
        String name = "王五\t\\x"; // COPY text format must escape tabs and backslashes
        Map<String, Object> first = record("DIBAO", id, "NEW", "2024-03-01", null);
        first.put("name", name);
        first.put("recordReference", "r-\\1");
        byte[] body = postJson("CIVIL_AFFAIRS", newReference(), List.of(
                record("DIBAO", "110105194912310021", "NEW", "2024-03-01", null), first))
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        String batchId = new String(body, StandardCharsets.UTF_8).replaceAll(".*\"batchId\":\"([0-9a-f-]{36})\".*", "$1");
        String masked = id.substring(0, 6) + "***********" + id.substring(17);
        http().get().uri("/api/v1/identity/batches/{id}/rows", batchId).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.rows.length()").isEqualTo(2)
                .jsonPath("$.rows[0].rowNumber").isEqualTo(1)
                .jsonPath("$.rows[0].status").isEqualTo("REJECTED")
                .jsonPath("$.rows[1].rowNumber").isEqualTo(2)
                .jsonPath("$.rows[1].status").isEqualTo("ACCEPTED")
                .jsonPath("$.rows[1].recordReference").isEqualTo("r-\\1")
                .jsonPath("$.rows[1].maskedIdNumber").isEqualTo(masked)
                .jsonPath("$.rows[1].personRef").isEqualTo(personRef(id))
                .jsonPath("$.rows[1].identityType").isEqualTo("DIBAO")
                .jsonPath("$.rows[1].change").isEqualTo("NEW")
                .jsonPath("$.rows[1].reasonCode").doesNotExist();
        http().get().uri("/api/v1/identity/batches/{id}/rows?status=accepted", batchId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.rows.length()").isEqualTo(1).jsonPath("$.rows[0].rowNumber").isEqualTo(2);
        http().get().uri("/api/v1/identity/persons/{ref}/identities?on=2024-06-01", personRef(id)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.identities.length()").isEqualTo(1);
    }

    @Test
    void theSameBatchTwiceChangesNothingTheSecondTime() {
        String id = newIdNumber();
        String reference = newReference();
        List<Map<String, Object>> records = List.of(record("DIBAO", id, "NEW", "2024-03-01", null));
        postJson("CIVIL_AFFAIRS", reference, records).expectStatus().isCreated()
                .expectBody().jsonPath("$.duplicate").isEqualTo(false);
        postJson("CIVIL_AFFAIRS", reference, records).expectStatus().isOk()
                .expectBody().jsonPath("$.duplicate").isEqualTo(true).jsonPath("$.acceptedRows").isEqualTo(1);
        // same content under a new reference is recognised too
        postJson("CIVIL_AFFAIRS", newReference(), records).expectStatus().isOk()
                .expectBody().jsonPath("$.duplicate").isEqualTo(true);
        http().get().uri("/api/v1/identity/persons/{ref}/history", personRef(id)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1);
        String csv = HEADER + csvRow("赵六", newIdNumber(), "", "", "新识别", "2024-03-01");
        String csvReference = newReference();
        postCsv(csv.getBytes(StandardCharsets.UTF_8), csvReference, "").expectStatus().isCreated();
        postCsv(csv.getBytes(StandardCharsets.UTF_8), csvReference, "").expectStatus().isOk()
                .expectBody().jsonPath("$.duplicate").isEqualTo(true);
    }

    /**
     * Issue 15: a clerk corrects a rejected row and sends the file again under the same reference. Other content under
     * a used reference is never answered as a duplicate with the old report: 409, naming the earlier batch, saying how
     * to send a correction, nothing stored; the corrected row sent under a new reference is applied.
     */
    @Test
    void aJsonBatchWithOtherContentUnderAUsedReferenceIsRefusedAndNothingStored() {
        String good = newIdNumber();
        String corrected = newIdNumber();
        String wrong = corrected.substring(0, 17) + (corrected.charAt(17) == '0' ? "1" : "0"); // check digit broken
        String reference = newReference();
        byte[] first = postJson("CIVIL_AFFAIRS", reference, List.of(record("DIBAO", good, "NEW", "2024-03-01", null),
                record("DIBAO", wrong, "NEW", "2024-03-01", null)))
                .expectStatus().isCreated().expectBody().jsonPath("$.acceptedRows").isEqualTo(1)
                .jsonPath("$.rejectedRows").isEqualTo(1).returnResult().getResponseBody();
        String batchId = new String(first, StandardCharsets.UTF_8).replaceAll(".*\"batchId\":\"([0-9a-f-]{36})\".*", "$1");

        List<Map<String, Object>> correctedFile = List.of(record("DIBAO", good, "NEW", "2024-03-01", null),
                record("DIBAO", corrected, "NEW", "2024-03-01", null));
        postJson("CIVIL_AFFAIRS", reference, correctedFile)
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("batch-content-differs")
                .jsonPath("$.type").isEqualTo("/problems/batch-content-differs")
                .jsonPath("$.status").isEqualTo(409)
                .jsonPath("$.departmentReference").isEqualTo(reference)
                .jsonPath("$.earlierBatchId").isEqualTo(batchId)
                .jsonPath("$.earlierBatch").isEqualTo("/api/v1/identity/batches/" + batchId)
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("new departmentReference")
                        .doesNotContain(corrected));
        http().get().uri("/api/v1/identity/persons/{ref}/history", personRef(corrected)).exchange()
                .expectStatus().isNotFound();

        // the same content again stays an idempotent duplicate; the correction under a new reference is applied
        postJson("CIVIL_AFFAIRS", reference, List.of(record("DIBAO", good, "NEW", "2024-03-01", null),
                record("DIBAO", wrong, "NEW", "2024-03-01", null)))
                .expectStatus().isOk().expectBody().jsonPath("$.duplicate").isEqualTo(true)
                .jsonPath("$.batchId").isEqualTo(batchId);
        postJson("CIVIL_AFFAIRS", reference + "-2", List.of(record("DIBAO", corrected, "NEW", "2024-03-01", null)))
                .expectStatus().isCreated().expectBody().jsonPath("$.acceptedRows").isEqualTo(1);
        http().get().uri("/api/v1/identity/persons/{ref}/history", personRef(corrected)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void aCsvFileWithOtherContentUnderAUsedReferenceIsRefusedAndNothingStored() {
        String corrected = newIdNumber();
        String wrong = corrected.substring(0, 17) + (corrected.charAt(17) == '0' ? "1" : "0");
        String reference = newReference();
        byte[] before = (HEADER + csvRow("赵六", wrong, "", "", "新识别", "2024-03-01")).getBytes(StandardCharsets.UTF_8);
        byte[] first = postCsv(before, reference, "").expectStatus().isCreated()
                .expectBody().jsonPath("$.rejectedRows").isEqualTo(1).returnResult().getResponseBody();
        String batchId = new String(first, StandardCharsets.UTF_8).replaceAll(".*\"batchId\":\"([0-9a-f-]{36})\".*", "$1");

        byte[] after = (HEADER + csvRow("赵六", corrected, "", "", "新识别", "2024-03-01")).getBytes(StandardCharsets.UTF_8);
        postCsv(after, reference, "").expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("batch-content-differs")
                .jsonPath("$.earlierBatchId").isEqualTo(batchId);
        http().get().uri("/api/v1/identity/persons/{ref}/history", personRef(corrected)).exchange()
                .expectStatus().isNotFound();
        postCsv(before, reference, "").expectStatus().isOk().expectBody().jsonPath("$.duplicate").isEqualTo(true)
                .jsonPath("$.batchId").isEqualTo(batchId);
    }

    @Test
    void identitiesAsOfADateFollowGrantAndExit() {
        String id = newIdNumber();
        String ref = personRef(id);
        postJson("CIVIL_AFFAIRS", newReference(), List.of(record("DIBAO", id, "NEW", "2024-01-01", null),
                record("TEKUN", id, "NEW", "2024-02-01", null))).expectStatus().isCreated();
        postJson("CIVIL_AFFAIRS", newReference(), List.of(record("DIBAO", id, "EXIT", "2024-06-01", null)))
                .expectStatus().isCreated().expectBody().jsonPath("$.acceptedRows").isEqualTo(1);

        http().get().uri("/api/v1/identity/persons/{ref}/identities?on=2024-05-31", ref).exchange()
                .expectBody().jsonPath("$.identities.length()").isEqualTo(2);
        http().get().uri("/api/v1/identity/persons/{ref}/identities?on=2024-06-01", ref).exchange()
                .expectBody().jsonPath("$.identities.length()").isEqualTo(1)
                .jsonPath("$.identities[0].identityType").isEqualTo("TEKUN");
        http().get().uri("/api/v1/identity/persons/{ref}/identities?on=2023-12-31", ref).exchange()
                .expectBody().jsonPath("$.identities.length()").isEqualTo(0);
        http().get().uri("/api/v1/identity/persons/{ref}/history", ref).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(3).jsonPath("$[2].change").isEqualTo("EXIT");
    }

    @Test
    void lookupByIdNumberInTheBodyAnswersWithTheMaskedNumber() {
        String id = newIdNumber();
        postJson("VETERANS_AFFAIRS", newReference(), List.of(record("KEY_ENTITLED_VETERAN", id, "NEW", "2024-01-01", null)))
                .expectStatus().isCreated();
        byte[] body = http().post().uri("/api/v1/identity/persons/lookup").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("idNumber", id, "on", "2024-01-01")).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.personRef").isEqualTo(personRef(id))
                .jsonPath("$.maskedIdNumber").isEqualTo(id.substring(0, 6) + "***********" + id.substring(17))
                .jsonPath("$.identities[0].identityType").isEqualTo("KEY_ENTITLED_VETERAN")
                .returnResult().getResponseBody();
        assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain(id);
    }

    @Test
    void malformedJsonGetsProblemDetails() {
        shanxiCivilAffairs().post().uri("/api/v1/identity/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"department\": \"CIVIL_AFFAIRS\", \"records\": [").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400).jsonPath("$.code").isEqualTo("malformed-request");
    }

    @Test
    void unknownDepartmentAndUnsupportedMediaTypeGetProblemDetails() {
        // only a department pushes, and only as itself: a name that is no department is not the caller's
        postJson("FINANCE", newReference(), List.of(record("DIBAO", newIdNumber(), "NEW", "2024-01-01", null)))
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("not-your-department");
        shanxiCivilAffairs().post().uri("/api/v1/identity/batches").contentType(MediaType.APPLICATION_XML).bodyValue("<batch/>")
                .exchange().expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void wrongColumnsGet400NamingTheExpectedColumns() {
        postCsv("姓名,身份证号码\n张三,11010519491231002X\n".getBytes(StandardCharsets.UTF_8), newReference(), "")
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").isEqualTo("csv-columns")
                .jsonPath("$.expectedColumns[7]").isEqualTo("动态调整工作类型")
                .jsonPath("$.foundColumns[0]").isEqualTo("姓名");
    }

    @Test
    void emptyFileGets400() {
        postCsv(new byte[0], newReference(), "").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("csv-empty");
    }

    @Test
    void categoryTheDepartmentDoesNotOwnGets400() {
        shanxiCivilAffairs().post().uri("/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=RETURNED_TO_POVERTY"
                        + "&regionCode=140105&departmentReference=" + newReference())
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(HEADER.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("category-not-owned");
    }

    @Test
    void oversizedBodyGets413NamingTheLimitAndTheServiceKeepsServing() {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        // the test base sets onestop.identity.max-upload-size=1MB: 1,048,576 bytes, said as 至多 1 MB
        postCsv(big, newReference(), "").expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("payload-too-large")
                .jsonPath("$.type").isEqualTo("/problems/payload-too-large")
                .jsonPath("$.limitBytes").isEqualTo(1048576)
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("至多 1 MB"));
        String id = newIdNumber();
        postCsv((HEADER + csvRow("钱七", id, "", "", "新识别", "2024-03-01")).getBytes(StandardCharsets.UTF_8),
                newReference(), "").expectStatus().isCreated();
    }

    @Test
    void aTwentyThousandCharacterRowIsRejectedAloneAndTheRestStored() {
        String id = newIdNumber();
        String csv = HEADER + "小店镇," + "村".repeat(20_000) + "\n" + csvRow("孙八", id, "", "", "新识别", "2024-03-01");
        postCsv(csv.getBytes(StandardCharsets.UTF_8), newReference(), "")
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.totalRows").isEqualTo(2)
                .jsonPath("$.acceptedRows").isEqualTo(1)
                .jsonPath("$.rows[0].reasonCode").isEqualTo("LINE_TOO_LONG")
                .jsonPath("$.rows[0].rowNumber").isEqualTo(2);
    }

    @Test
    void prometheusEndpointCountsRowsByDepartmentOutcomeAndReason() {
        postJson("CIVIL_AFFAIRS", newReference(), List.of(record("DIBAO", "110105194912310021", "NEW", "2024-03-01", null)))
                .expectStatus().isCreated();
        String scrape = http().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("onestop_identity_rows_total{")
                .contains("reason=\"ID_CHECK_DIGIT\"")
                .contains("onestop_outbox_backlog{").contains("service=\"identity-service\"");
        http().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Reads identity.changed.v1 from the beginning with an independent consumer until the person's event shows up. */
    static ConsumerRecord<String, byte[]> awaitEvent(String personRef) {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.OPERATOR)); // reads like an operator would
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "operator-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("identity.changed.v1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (personRef.equals(r.key())) {
                        found.add(r);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }
}
