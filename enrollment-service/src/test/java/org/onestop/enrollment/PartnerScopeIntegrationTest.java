package org.onestop.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onestop.events.Caller;
import org.onestop.events.ChangeKind;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.IdentityChanged;
import org.onestop.events.IdentityType;
import org.onestop.events.InternalToken;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * What each partner may touch, enforced here a second time after the gateway (issue 7): calls carry the internal token
 * the gateway would mint ({@link Caller}); a call without one is refused. Its own database, input
 * topic and consumer group, so the shared context of {@link EnrollmentIntegrationTest} never sees these events.
 * Statuses and visibility only, no amounts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "onestop.person-ref.secret=" + EnrollmentIntegrationTest.SECRET,
        "onestop.messaging.outbox.poll-interval=50ms",
        "spring.cloud.stream.bindings.identityChanged-in-0.destination=" + PartnerScopeIntegrationTest.INPUT,
        "spring.cloud.stream.bindings.identityChanged-in-0.group=" + PartnerScopeIntegrationTest.GROUP,
        "onestop.enrollment.group=" + PartnerScopeIntegrationTest.GROUP})
class PartnerScopeIntegrationTest {

    static final String INPUT = "identity.changed.partner-scope-test";
    /** Begins with the service's name: the only consumer groups its principal may use (docs/security.md). */
    static final String GROUP = "enrollment-service-partner-scope-test";
    static final String CONTRIBUTIONS = "/api/v1/enrollment/contributions";
    static final String PERSON_YEAR = "/api/v1/enrollment/persons/{ref}/years/2027";

    static KafkaProducer<String, byte[]> producer;
    /** A Jiujiang 低保 person (360402) and a Yantai 低保边缘 person (370602), both subsidized for 2027. */
    static String jiujiang;
    static String yantai;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "enrollment_partner_scope");
        // a private input topic, written as identity-service writes identity.changed.v1, read by enrollment-service
        TestInfrastructure.privateTopic(INPUT, KafkaAccess.IDENTITY, KafkaAccess.ENROLLMENT);
        TestInfrastructure.createTopics(Topics.deadLetter(Topics.IDENTITY_CHANGED, GROUP));
        TestTokens.register(registry);
    }

    @BeforeAll
    static void producer() {
        Properties p = new Properties();
        p.putAll(TestInfrastructure.kafkaClientProperties(KafkaAccess.IDENTITY));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Autowired
    JsonMapper json;
    @Autowired
    DatabaseClient db;
    @Value("${local.server.port}")
    int port;

    /** The two persons, granted through the real consumer once for the class. */
    synchronized void persons() {
        if (jiujiang != null) {
            return;
        }
        String j = EnrollmentIntegrationTest.newPersonRef();
        String y = EnrollmentIntegrationTest.newPersonRef();
        publish(EnrollmentIntegrationTest.identity(j, "360402", IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(),
                "2026-10-10", null, "2026-10-12"));
        publish(EnrollmentIntegrationTest.identity(y, "370602", IdentityType.DIBAO_MARGINAL, ChangeKind.NEW, UUID.randomUUID(),
                "2026-10-10", null, "2026-10-12"));
        for (String ref : new String[] {j, y}) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "SUBSIDIZED".equals(db.sql(
                    "select status from person_year where person_ref = $1 and year = 2027").bind(0, ref)
                    .map((row, meta) -> row.get(0, String.class)).one().block(Duration.ofSeconds(10))));
        }
        jiujiang = j;
        yantai = y;
    }

    // ---------------------------------------------------------------- a person-year

    @Test
    void anInsuranceOfficeReadsPersonYearsOfItsAreaOnlyAndOthersAreUnknownToIt() {
        persons();
        as("insurance-office", "360400", null).get().uri(PERSON_YEAR, jiujiang).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.decision.regionCode").isEqualTo("360402");
        as("insurance-office", "360402", null).get().uri(PERSON_YEAR, jiujiang).exchange().expectStatus().isOk();
        // another area's person reads exactly like a person nobody knows
        String outside = as("insurance-office", "360400", null).get().uri(PERSON_YEAR, yantai).exchange()
                .expectStatus().isNotFound().expectBody(String.class).returnResult().getResponseBody();
        String unknown = as("insurance-office", "360400", null).get().uri(PERSON_YEAR, EnrollmentIntegrationTest.newPersonRef())
                .exchange().expectStatus().isNotFound().expectBody(String.class).returnResult().getResponseBody();
        assertThat(json.readTree(outside).get("code").asString()).isEqualTo("person-year-not-found");
        assertThat(json.readTree(outside).get("detail")).isEqualTo(json.readTree(unknown).get("detail"));
        // a county office sees only its county
        as("insurance-office", "360403", null).get().uri(PERSON_YEAR, jiujiang).exchange().expectStatus().isNotFound();
    }

    @Test
    void operatorsReadEveryPersonYear() {
        persons();
        as("operator", null, null).get().uri(PERSON_YEAR, yantai).exchange().expectStatus().isOk();
        as("operator", null, null).get().uri(PERSON_YEAR, jiujiang).exchange().expectStatus().isOk();
    }

    @Test
    void hospitalsAndDepartmentsMayNotReadPersonYears() {
        persons();
        as("hospital", "360400", null).get().uri(PERSON_YEAR, jiujiang).exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("not-allowed-for-partner-type");
        as("department", "360400", "CIVIL_AFFAIRS").get().uri(PERSON_YEAR, jiujiang).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-allowed-for-partner-type");
    }

    @Test
    void aTokenNamingAnUnknownPartnerTypeIsNoValidToken() {
        persons();
        as("pharmacy", "360400", null).get().uri(PERSON_YEAR, jiujiang).exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("unauthenticated").jsonPath("$.type").isEqualTo("/problems/unauthenticated");
        as("pharmacy", null, null).get().uri("/api/v1/enrollment/regions/360400/subsidies.csv?month=2026-11").exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("unauthenticated");
    }

    // ---------------------------------------------------------------- the tax bureau's list

    @Test
    void anInsuranceOfficeReadsTheTaxListOfItsOwnAreaOnly() {
        String list = "/api/v1/enrollment/regions/{region}/subsidies.csv?month=2026-11";
        as("insurance-office", "360400", null).get().uri(list, "360400").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv");
        as("insurance-office", "140000", null).get().uri(list, "140000").exchange().expectStatus().isOk();
        as("insurance-office", "360400", null).get().uri(list, "370600").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-your-region");
        // a county office does not read the whole city's list
        as("insurance-office", "360402", null).get().uri(list, "360400").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-your-region");
        as("operator", null, null).get().uri(list, "370600").exchange().expectStatus().isOk();
        as("department", "360400", "CIVIL_AFFAIRS").get().uri(list, "360400").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-allowed-for-partner-type");
        as("hospital", "360400", null).get().uri(list, "360400").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-allowed-for-partner-type");
    }

    // ---------------------------------------------------------------- contributions

    @Test
    void anInsuranceOfficeReportsContributionsOfItsAreaOnly() {
        persons();
        as("insurance-office", "360400", null).post().uri(CONTRIBUTIONS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(report(jiujiang, "360402")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.personRef").isEqualTo(jiujiang);
        assertThat(contributions(jiujiang)).isEqualTo(1);

        // a person nobody knows yet, stated in another area: refused, nothing stored
        String stranger = EnrollmentIntegrationTest.newPersonRef();
        as("insurance-office", "360400", null).post().uri(CONTRIBUTIONS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(report(stranger, "370602")).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-your-region");
        assertThat(contributions(stranger)).isZero();
        assertThat(count("select count(*) from person where person_ref = $1", stranger)).isZero();

        // the office states its own area for a person-year held for Yantai: refused under the lock, nothing stored
        long history = count("select count(*) from subsidy_event where person_ref = $1", yantai);
        as("insurance-office", "360400", null).post().uri(CONTRIBUTIONS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(report(yantai, "360402")).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-your-region");
        assertThat(contributions(yantai)).isZero();
        assertThat(count("select count(*) from subsidy_event where person_ref = $1", yantai)).isEqualTo(history);

        // an office must say which area it reports for
        as("insurance-office", "360400", null).post().uri(CONTRIBUTIONS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("personRef", stranger, "year", 2027, "amount", "400.00", "paidOn", "2026-09-15"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("region-required");
        assertThat(contributions(stranger)).isZero();
    }

    @Test
    void onlyInsuranceOfficesReportContributions() {
        persons();
        for (String[] partner : new String[][] {{"operator", null, null}, {"department", "360400", "CIVIL_AFFAIRS"},
                {"hospital", "360400", null}}) {
            as(partner[0], partner[1], partner[2]).post().uri(CONTRIBUTIONS).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(report(yantai, "370602")).exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("not-allowed-for-partner-type");
        }
        assertThat(contributions(yantai)).isZero();
        // without a token nobody reports anything
        anonymous().post().uri(CONTRIBUTIONS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("personRef", yantai, "year", 2028, "amount", "400.00", "paidOn", "2027-09-15"))
                .exchange().expectStatus().isUnauthorized();
        as("insurance-office", "370600", null).post().uri(CONTRIBUTIONS).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("personRef", yantai, "year", 2028, "amount", "400.00", "paidOn", "2027-09-15",
                        "regionCode", "370602"))
                .exchange().expectStatus().isOk();
        assertThat(count("select count(*) from contribution where person_ref = $1 and year = 2028", yantai)).isEqualTo(1);
    }

    @Test
    void aCallWithoutAValidInternalTokenIsA401ProblemAndTheActuatorShowsHealthAndPrometheusOnly() {
        String ref = UUID.randomUUID().toString().replace("-", "").repeat(2);
        Map<String, String> operator = Map.of("sub", "ops", "partner_type", "operator");
        // the old trust headers alone are nobody
        unauthenticated(anonymous().get().uri(PERSON_YEAR, ref).headers(h -> h.set("X-Onestop-Partner-Type", "operator"))
                .exchange());
        unauthenticated(bearer(TestTokens.token(InternalToken.MONITORING_SERVICE, operator)).get().uri(PERSON_YEAR, ref).exchange());
        // expired 10 s ago: beyond the 5 s of allowed clock skew
        unauthenticated(bearer(TestTokens.token(InternalToken.ENROLLMENT_SERVICE, operator, Instant.now().minusSeconds(70),
                Duration.ofSeconds(60))).get().uri(PERSON_YEAR, ref).exchange());
        unauthenticated(bearer(TestTokens.forged(InternalToken.ENROLLMENT_SERVICE, operator)).get().uri(PERSON_YEAR, ref).exchange());
        bearer(TestTokens.token(InternalToken.ENROLLMENT_SERVICE, operator)).get().uri(PERSON_YEAR, ref).exchange()
                .expectStatus().isNotFound();

        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk();
        anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        for (String endpoint : new String[] {"env", "beans", "bindings", "metrics"}) {
            unauthenticated(anonymous().get().uri("/actuator/" + endpoint).exchange());
            as("operator", null, null).get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        }
        // the bindings endpoint took anonymous writes (stop a consumer); now there is none
        unauthenticated(anonymous().post().uri("/actuator/bindings/identityChanged-in-0").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("state", "STOPPED")).exchange());
        as("operator", null, null).post().uri("/actuator/bindings/identityChanged-in-0").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("state", "STOPPED")).exchange().expectStatus().isNotFound();
    }

    WebTestClient bearer(String token) {
        return anonymous().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    static void unauthenticated(WebTestClient.ResponseSpec response) {
        response.expectStatus().isUnauthorized().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.code").isEqualTo("unauthenticated");
    }

    // ---------------------------------------------------------------- fixtures

    static Map<String, Object> report(String personRef, String regionCode) {
        return Map.of("personRef", personRef, "year", 2027, "amount", "400.00", "paidOn", "2026-09-15",
                "regionCode", regionCode);
    }

    /** Contributions stored for the person's 2027 (the year every report here names, but the last one). */
    long contributions(String personRef) {
        return count("select count(*) from contribution where person_ref = $1 and year = 2027", personRef);
    }

    long count(String sql, String personRef) {
        return db.sql(sql).bind(0, personRef).map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10));
    }

    WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
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
            claims.put("institution", "H36040001");
        }
        return anonymous().mutate().defaultHeader(HttpHeaders.AUTHORIZATION,
                "Bearer " + TestTokens.token(InternalToken.ENROLLMENT_SERVICE, claims)).build();
    }

    void publish(IdentityChanged e) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(INPUT, e.personRef(), json.writeValueAsBytes(e));
        r.headers().add(CloudEventHeaders.ID, e.eventId().toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TYPE, IdentityChanged.CE_TYPE.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(r).get();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
