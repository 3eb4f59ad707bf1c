package org.onestop.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.events.Caller;
import org.onestop.events.InternalToken;
import org.onestop.events.SettlementCompleted;
import org.onestop.events.Topics;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.infra.embedded.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which warnings each partner may see and acknowledge, enforced here a second time after the gateway (issue 7): calls
 * carry the internal token the gateway would mint ({@link Caller}); a call without one is refused. Its own
 * database, input topics and consumer group, so {@link MonitoringIntegrationTest}'s context never sees these events.
 * Statuses and visibility only, no amounts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.monitoring.group=" + PartnerScopeIntegrationTest.GROUP,
        "spring.cloud.stream.bindings.settlementCompleted-in-0.destination=" + PartnerScopeIntegrationTest.SETTLEMENTS,
        "spring.cloud.stream.bindings.identityChanged-in-0.destination=" + PartnerScopeIntegrationTest.IDENTITIES,
        "onestop.messaging.outbox.poll-interval=50ms"})
class PartnerScopeIntegrationTest {

    /** Begins with the service's name: the only consumer groups its principal may use (docs/security.md). */
    static final String GROUP = "monitoring-service-partner-scope-test";
    static final String SETTLEMENTS = "settlement.completed.partner-scope-test";
    static final String IDENTITIES = "identity.changed.partner-scope-test";
    static final String ONE = "/api/v1/monitoring/warnings/{id}";
    static final String ACK = "/api/v1/monitoring/warnings/{id}/acknowledge";
    static final String MONTHLY = "/api/v1/monitoring/warnings/monthly.csv?month=" + YearMonth.now(ZoneOffset.UTC);

    /**
     * One warning each, raised through the real consumer once for the class; no identities, so each person falls under
     * the region's line for everyone else (routes in brackets, from the policy files' warnings sections):
     * Shenyang 210102 and Dalian 210202, Liaoning (七) resident line [民政, 乡村振兴]; Yantai 370602, 四(九) insured-150
     * [民政, 乡村振兴]; Bayingolin 652801, 二(四) class4-line [民政 only].
     */
    static UUID shenyang;
    static UUID dalian;
    static UUID yantai;
    static UUID bayingolin;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "monitoring_partner_scope");
        // private input topics written as their stand-ins are (settlement-service, identity-service), read by monitoring,
        // and their dead-letter topics, which monitoring-service writes
        TestInfrastructure.privateTopic(SETTLEMENTS, KafkaAccess.SETTLEMENT, KafkaAccess.MONITORING);
        TestInfrastructure.privateTopic(IDENTITIES, KafkaAccess.IDENTITY, KafkaAccess.MONITORING);
        TestInfrastructure.privateTopic(Topics.deadLetter(SETTLEMENTS, GROUP), KafkaAccess.MONITORING);
        TestInfrastructure.privateTopic(Topics.deadLetter(IDENTITIES, GROUP), KafkaAccess.MONITORING);
        TestTokens.register(registry);
    }

    @Autowired
    JsonMapper json;
    @Autowired
    DatabaseClient db;
    @Value("${local.server.port}")
    int port;

    synchronized void warnings() throws Exception {
        if (shenyang != null) {
            return;
        }
        // burdens well above each line (the lines themselves are tested in WarningLinesTest and MonitoringIntegrationTest)
        UUID s = raise("210102", "30000.00");
        UUID d = raise("210202", "30000.00");
        UUID y = raise("370602", "100000.00");
        UUID b = raise("652801", "30000.00");
        shenyang = s;
        dalian = d;
        yantai = y;
        bayingolin = b;
    }

    /** The person of each warning raised here. */
    static final Map<UUID, String> PERSONS = new java.util.concurrent.ConcurrentHashMap<>();

    UUID raise(String region, String burden) throws Exception {
        String person = MonitoringIntegrationTest.newPersonRef();
        SettlementCompleted e = MonitoringIntegrationTest.settled(person, region, "INPATIENT", "RESIDENT",
                LocalDate.of(2026, 3, 10), burden, "0");
        MonitoringIntegrationTest.send(SETTLEMENTS, person, e.eventId(), SettlementCompleted.CE_TYPE, json.writeValueAsBytes(e));
        await().atMost(Duration.ofSeconds(60)).until(() -> warningOf(person) != null);
        PERSONS.put(warningOf(person), person);
        return warningOf(person);
    }

    UUID warningOf(String person) {
        return db.sql("select id from warning where person_ref = $1").bind(0, person)
                .map((row, meta) -> row.get(0, UUID.class)).one().block(Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- departments

    @Test
    void aDepartmentSeesOnlyWarningsRoutedToItInItsArea() throws Exception {
        warnings();
        // a province-level department sees the whole province, a city's only the city
        assertThat(list(department("CIVIL_AFFAIRS", "210000"), "")).contains(shenyang, dalian).doesNotContain(yantai, bayingolin);
        assertThat(list(department("CIVIL_AFFAIRS", "210100"), "")).contains(shenyang).doesNotContain(dalian, yantai);
        assertThat(list(department("CIVIL_AFFAIRS", "210100"), "?region=210000&department=CIVIL_AFFAIRS"))
                .contains(shenyang).doesNotContain(dalian);
        department("CIVIL_AFFAIRS", "210100").get().uri(ONE, shenyang).exchange().expectStatus().isOk();
        department("CIVIL_AFFAIRS", "652800").get().uri(ONE, bayingolin).exchange().expectStatus().isOk();
        // routed to civil affairs only: rural revitalization of the same area does not see it
        assertThat(list(department("RURAL_REVITALIZATION", "652800"), "")).doesNotContain(bayingolin);
        // another area's warning reads exactly like one that does not exist
        String outside = department("CIVIL_AFFAIRS", "210200").get().uri(ONE, shenyang).exchange()
                .expectStatus().isNotFound().expectBody(String.class).returnResult().getResponseBody();
        String unknown = department("CIVIL_AFFAIRS", "210200").get().uri(ONE, UUID.randomUUID()).exchange()
                .expectStatus().isNotFound().expectBody(String.class).returnResult().getResponseBody();
        assertThat(json.readTree(outside).get("type")).isEqualTo(json.readTree(unknown).get("type"));
        department("RURAL_REVITALIZATION", "652800").get().uri(ONE, bayingolin).exchange().expectStatus().isNotFound();
        // it reads for itself only
        department("CIVIL_AFFAIRS", "210000").get().uri("/api/v1/monitoring/warnings?department=RURAL_REVITALIZATION")
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-your-department");
    }

    @Test
    void aDepartmentsMonthlyListIsItsOwnInItsArea() throws Exception {
        warnings();
        String csv = csv(department("CIVIL_AFFAIRS", "210000"), MONTHLY);
        assertThat(csv).contains(shenyang.toString(), dalian.toString()).doesNotContain(yantai.toString(), bayingolin.toString());
        assertThat(csv(department("CIVIL_AFFAIRS", "210200"), MONTHLY + "&department=CIVIL_AFFAIRS"))
                .contains(dalian.toString()).doesNotContain(shenyang.toString());
        department("CIVIL_AFFAIRS", "210000").get().uri(MONTHLY + "&department=RURAL_REVITALIZATION").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-your-department");
    }

    @Test
    void aDepartmentAcknowledgesOnlyForItselfWarningsRoutedToItInItsArea() throws Exception {
        warnings();
        // outside its area, not routed to it, another department named in the body: refused, nothing acknowledged
        department("CIVIL_AFFAIRS", "210200").post().uri(ACK, shenyang).bodyValue(Map.of("note", "x")).exchange()
                .expectStatus().isNotFound();
        department("RURAL_REVITALIZATION", "652800").post().uri(ACK, bayingolin).bodyValue(Map.of("note", "x")).exchange()
                .expectStatus().isNotFound();
        department("CIVIL_AFFAIRS", "210100").post().uri(ACK, shenyang)
                .bodyValue(Map.of("department", "RURAL_REVITALIZATION", "note", "x")).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-your-department");
        assertThat(acknowledged(shenyang)).isEmpty();
        assertThat(acknowledged(bayingolin)).isEmpty();
        assertThat(status(shenyang)).isEqualTo("OPEN");

        // its own: the department comes from the header (the body may name it, or be absent)
        department("CIVIL_AFFAIRS", "210100").post().uri(ACK, shenyang).bodyValue(Map.of("note", "入户核查")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged(shenyang)).containsExactly("CIVIL_AFFAIRS");
        department("RURAL_REVITALIZATION", "210000").post().uri(ACK, dalian).exchange().expectStatus().isOk();
        assertThat(acknowledged(dalian)).containsExactly("RURAL_REVITALIZATION");
        department("CIVIL_AFFAIRS", "652800").post().uri(ACK, bayingolin)
                .bodyValue(Map.of("department", "民政")).exchange().expectStatus().isOk();
        assertThat(acknowledged(bayingolin)).containsExactly("CIVIL_AFFAIRS");
    }

    @Test
    void aDepartmentSeesWhoElseAcknowledgedAWarningButNotTheirNote() throws Exception {
        // its own warning, so the other tests' acknowledgements do not matter; Liaoning (七) routes to [民政, 乡村振兴]
        UUID w = raise("210103", "30000.00");
        String note = "入户核查:户主住院";
        department("CIVIL_AFFAIRS", "210100").post().uri(ACK, w).bodyValue(Map.of("note", note)).exchange()
                .expectStatus().isOk();

        Map<String, JsonNode> own = routes(department("CIVIL_AFFAIRS", "210100"), w);
        assertThat(own.get("CIVIL_AFFAIRS").path("note").asString()).isEqualTo(note);

        Map<String, JsonNode> other = routes(department("RURAL_REVITALIZATION", "210000"), w);
        assertThat(other).containsOnlyKeys("CIVIL_AFFAIRS", "RURAL_REVITALIZATION");
        assertThat(other.get("CIVIL_AFFAIRS").path("acknowledgedAt").isMissingNode()
                || other.get("CIVIL_AFFAIRS").path("acknowledgedAt").isNull()).isFalse();
        assertThat(other.get("CIVIL_AFFAIRS").path("note").isString()).isFalse();
        // the list answers the same way as the single read
        String listed = department("RURAL_REVITALIZATION", "210100").get().uri("/api/v1/monitoring/warnings").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains(w.toString()).doesNotContain("户主住院");
        // an insurance office of the area reads every department's note
        assertThat(routes(as("insurance-office", "210100", null), w).get("CIVIL_AFFAIRS").path("note").asString())
                .isEqualTo(note);
    }

    @Test
    void theSecondDepartmentAcknowledgesItsOwnRouteAfterTheFirstHasMadeTheWarningAcknowledged() throws Exception {
        // its own warning; Liaoning (七) routes it to [民政, 乡村振兴]
        UUID w = raise("210104", "30000.00");
        department("CIVIL_AFFAIRS", "210100").post().uri(ACK, w).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged(w)).containsExactly("CIVIL_AFFAIRS");
        // the warning is no longer OPEN, and the second department's own route is still taken
        department("RURAL_REVITALIZATION", "210000").post().uri(ACK, w).bodyValue(Map.of("note", "已电话回访"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged(w)).containsExactly("CIVIL_AFFAIRS", "RURAL_REVITALIZATION");
        Map<String, JsonNode> seen = routes(department("RURAL_REVITALIZATION", "210000"), w);
        assertThat(seen.get("RURAL_REVITALIZATION").path("note").asString()).isEqualTo("已电话回访");
        String first = seen.get("RURAL_REVITALIZATION").path("acknowledgedAt").asString();
        // again: harmless, the first acknowledgement's time stays
        department("RURAL_REVITALIZATION", "210000").post().uri(ACK, w).exchange().expectStatus().isOk();
        assertThat(routes(department("RURAL_REVITALIZATION", "210000"), w).get("RURAL_REVITALIZATION")
                .path("acknowledgedAt").asString()).isEqualTo(first);
    }

    @Test
    void theWorklistPagesWithLimitAndOffsetInItsOwnOrder() throws Exception {
        warnings();
        WebTestClient operator = as("operator", null, null);
        // oldest first: two pages of two are the first four of one page of four, with nothing shared
        List<UUID> four = list(operator, "?limit=4");
        assertThat(four).hasSize(4);
        List<UUID> pages = new java.util.ArrayList<>(list(operator, "?limit=2&offset=0"));
        pages.addAll(list(operator, "?limit=2&offset=2"));
        assertThat(pages).containsExactlyElementsOf(four);
        // past the end: an empty page, not an error
        assertThat(list(operator, "?limit=2&offset=1000000")).isEmpty();
    }

    /** The routes of one warning as {@code client} reads it, by department. */
    Map<String, JsonNode> routes(WebTestClient client, UUID warning) throws Exception {
        String body = client.get().uri(ONE, warning).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        Map<String, JsonNode> byDepartment = new java.util.LinkedHashMap<>();
        json.readTree(body).path("routes").forEach(r -> byDepartment.put(r.path("department").asString(), r));
        return byDepartment;
    }

    // ---------------------------------------------------------------- insurance offices, operators, hospitals

    @Test
    void anInsuranceOfficeReadsEveryDepartmentsWarningsOfItsAreaButAcknowledgesNone() throws Exception {
        warnings();
        assertThat(list(as("insurance-office", "370600", null), "")).contains(yantai).doesNotContain(shenyang, bayingolin);
        as("insurance-office", "370600", null).get().uri(ONE, yantai).exchange().expectStatus().isOk();
        as("insurance-office", "370600", null).get().uri(ONE, shenyang).exchange().expectStatus().isNotFound();
        assertThat(csv(as("insurance-office", "370600", null), MONTHLY + "&department=RURAL_REVITALIZATION"))
                .contains(yantai.toString()).doesNotContain(shenyang.toString());
        as("insurance-office", "370600", null).post().uri(ACK, yantai).bodyValue(Map.of("department", "CIVIL_AFFAIRS"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-allowed-for-partner-type");
        assertThat(acknowledged(yantai)).isEmpty();
    }

    @Test
    void anOperatorReadsEveryWarningButAcknowledgesNone() throws Exception {
        warnings();
        assertThat(list(as("operator", null, null), "?limit=10000")).contains(shenyang, dalian, yantai, bayingolin);
        as("operator", null, null).get().uri(ONE, bayingolin).exchange().expectStatus().isOk();
        assertThat(csv(as("operator", null, null), MONTHLY + "&department=CIVIL_AFFAIRS")).contains(yantai.toString());
        as("operator", null, null).post().uri(ACK, yantai).bodyValue(Map.of("department", "CIVIL_AFFAIRS"))
                .exchange().expectStatus().isForbidden();
        assertThat(acknowledged(yantai)).isEmpty();
    }

    @Test
    void aHospitalIsRefusedEverythingAndAnUnknownPartnerTypeIsNobody() throws Exception {
        warnings();
        WebTestClient hospital = as("hospital", "370600", null);
        hospital.get().uri("/api/v1/monitoring/warnings").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/not-allowed-for-partner-type");
        hospital.get().uri(ONE, yantai).exchange().expectStatus().isForbidden();
        hospital.get().uri(MONTHLY + "&department=CIVIL_AFFAIRS").exchange().expectStatus().isForbidden();
        hospital.post().uri(ACK, yantai).bodyValue(Map.of("department", "CIVIL_AFFAIRS")).exchange().expectStatus().isForbidden();
        // a token naming an unknown partner type is no valid token (refused by the one check every service shares,
        // trust's InternalTokenSecurity, in the suite's common problem shape)
        as("pharmacy", "370600", null).get().uri(ONE, yantai).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/unauthenticated").jsonPath("$.code").isEqualTo("unauthenticated");
        as("pharmacy", "370600", null).post().uri(ACK, yantai).bodyValue(Map.of("department", "CIVIL_AFFAIRS"))
                .exchange().expectStatus().isUnauthorized();
        // a department whose token names no area is refused rather than shown nothing or everything
        as("department", null, "CIVIL_AFFAIRS").get().uri("/api/v1/monitoring/warnings").exchange().expectStatus().isBadRequest();
        assertThat(acknowledged(yantai)).isEmpty();
        // the old trust headers alone are nobody; the same call as an operator is served
        anonymous().get().uri(ONE, yantai).headers(h -> h.set("X-Onestop-Partner-Type", "operator")).exchange()
                .expectStatus().isUnauthorized();
        as("operator", null, null).get().uri(ONE, yantai).exchange().expectStatus().isOk();
    }

    // ---------------------------------------------------------------- the worklist: filters, area, problems

    @Test
    void aWarningsRegionCodeIsTheCountyOfTheSettlementThatCrossedTheLineBesideItsPolicyRegion() throws Exception {
        warnings();
        // Shenyang's 和平区 (210102) settled under Liaoning's policy (210000)
        as("operator", null, null).get().uri(ONE, shenyang).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.regionCode").isEqualTo("210102")
                .jsonPath("$.policyRegion").isEqualTo("210000");
        as("operator", null, null).get().uri(ONE, bayingolin).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.regionCode").isEqualTo("652801")
                .jsonPath("$.policyRegion").isEqualTo("652800");
    }

    @Test
    void theWorklistFiltersByPersonStatusLineCountyAndMonth() throws Exception {
        warnings();
        WebTestClient operator = as("operator", null, null);
        assertThat(list(operator, "?personRef=" + PERSONS.get(yantai))).containsExactly(yantai);
        // a county, and a city holding it (210200 = Dalian, whose 210202 settled)
        assertThat(list(operator, "?county=210102")).contains(shenyang).doesNotContain(dalian, yantai, bayingolin);
        assertThat(list(operator, "?county=210200")).contains(dalian).doesNotContain(shenyang, yantai, bayingolin);
        // Liaoning (七) 因病致贫: the resident line both Liaoning warnings crossed, and no other region's
        assertThat(list(operator, "?line=impoverish-resident")).contains(shenyang, dalian).doesNotContain(yantai, bayingolin);
        // all four are open: none resolved, all in the month they were raised, none in an earlier one
        assertThat(list(operator, "?status=RESOLVED")).doesNotContain(shenyang, dalian, yantai, bayingolin);
        assertThat(list(operator, "?status=OPEN,ACKNOWLEDGED&month=" + YearMonth.now(ZoneOffset.UTC)))
                .contains(shenyang, dalian, yantai, bayingolin);
        assertThat(list(operator, "?month=2020-01")).doesNotContain(shenyang, dalian, yantai, bayingolin);
        // filters combine: Dalian's person in Shenyang's county is nobody
        assertThat(list(operator, "?personRef=" + PERSONS.get(dalian) + "&county=210102")).isEmpty();
        // and a department's area still bounds what a filter can reach
        assertThat(list(department("CIVIL_AFFAIRS", "210100"), "?county=210200")).isEmpty();
    }

    @Test
    void anUnknownQueryParameterIsRefusedNamingItNeverIgnored() throws Exception {
        warnings();
        WebTestClient operator = as("operator", null, null);
        operator.get().uri("/api/v1/monitoring/warnings?personRefs=" + PERSONS.get(yantai)).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.type").isEqualTo("/problems/unknown-parameter")
                .jsonPath("$.code").isEqualTo("unknown-parameter").jsonPath("$.field").isEqualTo("personRefs");
        operator.get().uri(ONE + "?personRef=x", yantai).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("personRef").jsonPath("$.code").isEqualTo("unknown-parameter");
        operator.get().uri(MONTHLY + "&department=CIVIL_AFFAIRS&region=210000").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("region");
    }

    @Test
    void aMalformedFilterIsA400InTheSuitesOneProblemShapeNamingTheField() {
        WebTestClient operator = as("operator", null, null);
        for (String[] bad : new String[][] {{"personRef=ABC", "personRef"}, {"county=21010", "county"},
                {"month=2026-13", "month"}, {"status=CLOSED", "status"}, {"maxAgeDays=-1", "maxAgeDays"},
                {"offset=-1", "offset"}}) {
            operator.get().uri("/api/v1/monitoring/warnings?" + bad[0]).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentType("application/problem+json")
                    .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-parameter")
                    .jsonPath("$.code").isEqualTo("invalid-parameter").jsonPath("$.field").isEqualTo(bad[1])
                    .jsonPath("$.parameter").doesNotExist();
        }
        // a path id that is not a UUID: the framework's refusal in the same shape
        operator.get().uri("/api/v1/monitoring/warnings/not-a-uuid").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/malformed-request")
                .jsonPath("$.code").isEqualTo("malformed-request");
    }

    // ---------------------------------------------------------------- fixtures

    record WarningJson(UUID id) {
    }

    List<UUID> list(WebTestClient client, String query) {
        WarningJson[] found = client.get().uri("/api/v1/monitoring/warnings" + query).exchange().expectStatus().isOk()
                .expectBody(WarningJson[].class).returnResult().getResponseBody();
        return Arrays.stream(found).map(WarningJson::id).toList();
    }

    static String csv(WebTestClient client, String uri) {
        byte[] body = client.get().uri(uri).exchange().expectStatus().isOk().expectBody(byte[].class).returnResult()
                .getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The departments that acknowledged the warning. */
    List<String> acknowledged(UUID warning) {
        return db.sql("select department from warning_route where warning_id = $1 and acknowledged_at is not null order by 1")
                .bind(0, warning).map((row, meta) -> row.get(0, String.class)).all().collectList().block(Duration.ofSeconds(10));
    }

    String status(UUID warning) {
        return db.sql("select status from warning where id = $1").bind(0, warning)
                .map((row, meta) -> row.get(0, String.class)).one().block(Duration.ofSeconds(10));
    }

    WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    WebTestClient department(String department, String region) {
        return as("department", region, department);
    }

    /** A call as the gateway forwards it for a partner of {@code type} (its claim), area and department. */
    WebTestClient as(String type, String region, String department) {
        Map<String, String> claims = new HashMap<>(Map.of("sub", type + "-test", "partner_type", type));
        if (region != null) {
            claims.put("region", region);
        }
        if (department != null) {
            claims.put("department", department);
        }
        if (type.equals("hospital")) {
            claims.put("institution", "H37060001");
        }
        return bearer(TestTokens.token(InternalToken.MONITORING_SERVICE, claims));
    }

    WebTestClient bearer(String token) {
        return anonymous().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    static void unauthenticated(WebTestClient.ResponseSpec response) {
        response.expectStatus().isUnauthorized().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.code").isEqualTo("unauthenticated");
    }

    @Test
    void aCallWithoutAValidInternalTokenIsA401ProblemAndTheActuatorShowsHealthAndPrometheusOnly() {
        Map<String, String> operator = Map.of("sub", "ops", "partner_type", "operator");
        String warnings = "/api/v1/monitoring/warnings";
        unauthenticated(anonymous().get().uri(warnings).exchange());
        unauthenticated(bearer(TestTokens.token(InternalToken.ENROLLMENT_SERVICE, operator)).get().uri(warnings).exchange());
        // expired 10 s ago: beyond the 5 s of allowed clock skew
        unauthenticated(bearer(TestTokens.token(InternalToken.MONITORING_SERVICE, operator, Instant.now().minusSeconds(70),
                Duration.ofSeconds(60))).get().uri(warnings).exchange());
        unauthenticated(bearer(TestTokens.forged(InternalToken.MONITORING_SERVICE, operator)).get().uri(warnings).exchange());
        bearer(TestTokens.token(InternalToken.MONITORING_SERVICE, operator)).get().uri(warnings).exchange().expectStatus().isOk();

        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk();
        anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        for (String endpoint : new String[] {"env", "beans", "bindings", "metrics"}) {
            unauthenticated(anonymous().get().uri("/actuator/" + endpoint).exchange());
            as("operator", null, null).get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        }
        // the bindings endpoint took anonymous writes (stop a consumer); now there is none
        unauthenticated(anonymous().post().uri("/actuator/bindings/settlementCompleted-in-0").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("state", "STOPPED")).exchange());
        as("operator", null, null).post().uri("/actuator/bindings/settlementCompleted-in-0").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("state", "STOPPED")).exchange().expectStatus().isNotFound();
    }
}
