package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.events.Caller;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The service enforces, a second time, what each partner may touch (docs/settlement-api.md "Who may call what"): the
 * calls carry the internal token the gateway mints ({@link Caller}); there is no caller that sees everything.
 * These tests are about access: they assert statuses and that nothing changed, not amounts.
 */
class PartnerScopeIntegrationTest extends SettlementIntegrationTestBase {

    static final String HOSPITAL_A = "H36040200001";
    static final String HOSPITAL_B = "H36040200002";

    // ------------------------------------------------------------------ hospitals: settlements

    @Test
    void aHospitalSettlesForItselfButIsRefusedForAnotherHospitalAndTheRefusalStoresNothing() {
        String person = newPersonRef();
        Map<String, Object> own = withBurden(person, "2026-03-01", "4000");
        hospital(HOSPITAL_A).post().uri("/api/v1/settlements/preview").bodyValue(own).exchange().expectStatus().isOk();
        hospital(HOSPITAL_A).post().uri("/api/v1/settlements").bodyValue(own).exchange().expectStatus().isCreated();
        hospital(HOSPITAL_A).post().uri("/api/v1/settlements").bodyValue(own).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "true");

        String other = newPersonRef();
        Map<String, Object> forB = withBurden(other, "2026-03-01", "4000");
        forB.put("hospitalId", HOSPITAL_B);
        problem(hospital(HOSPITAL_A).post().uri("/api/v1/settlements").bodyValue(forB).exchange(), 403, "not-your-institution");
        problem(hospital(HOSPITAL_A).post().uri("/api/v1/settlements/preview").bodyValue(forB).exchange(), 403, "not-your-institution");
        assertThat(count("select count(*) from settlement where person_ref = $1", other)).isZero();
        assertThat(count("select count(*) from person where person_ref = $1", other)).isZero();
        assertThat(count("select count(*) from messaging_outbox where aggregateid = $1", other)).isZero();
        // no idempotency record was taken: hospital B itself settles the very same message afterwards as new
        hospital(HOSPITAL_B).post().uri("/api/v1/settlements").bodyValue(forB).exchange().expectStatus().isCreated()
                .expectHeader().valueEquals("Idempotent-Replayed", "false");
    }

    @Test
    void anotherHospitalCannotReadPrintOrCancelASettlementAndIsAnsweredAsForAnUnknownId() {
        String person = newPersonRef();
        JsonNode settled = json.readTree(hospital(HOSPITAL_A).post().uri("/api/v1/settlements")
                .bodyValue(withBurden(person, "2026-04-01", "6000")).exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody());
        String id = settled.get("settlementId").asString();
        String unknown = UUID.randomUUID().toString();
        State before = state(id, person);

        String unknownRead = notFound(hospital(HOSPITAL_B).get().uri("/api/v1/settlements/{id}", unknown).exchange());
        String read = notFound(hospital(HOSPITAL_B).get().uri("/api/v1/settlements/{id}", id).exchange());
        assertThat(read.replace(id, "{id}")).isEqualTo(unknownRead.replace(unknown, "{id}"));

        String unknownStatement = notFound(hospital(HOSPITAL_B).get().uri("/api/v1/settlements/{id}/statement", unknown).exchange());
        String statement = notFound(hospital(HOSPITAL_B).get().uri("/api/v1/settlements/{id}/statement", id).exchange());
        assertThat(statement.replace(id, "{id}")).isEqualTo(unknownStatement.replace(unknown, "{id}"));

        String unknownCancel = notFound(hospital(HOSPITAL_B).post().uri("/api/v1/settlements/{id}/cancel", unknown).exchange());
        String cancel = notFound(hospital(HOSPITAL_B).post().uri("/api/v1/settlements/{id}/cancel", id).exchange());
        assertThat(cancel.replace(id, "{id}")).isEqualTo(unknownCancel.replace(unknown, "{id}"));

        // the refused cancel changed nothing: still SETTLED, same payment lines, same ledger, no event but the settlement's
        assertThat(state(id, person)).isEqualTo(before);
        assertThat(before.status()).isEqualTo("SETTLED");
        assertThat(completedEvents(person, 1)).extracting(e -> e.get("kind").asString()).containsExactly("SETTLED");

        // the owner reads it as before
        hospital(HOSPITAL_A).get().uri("/api/v1/settlements/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("SETTLED").jsonPath("$.hospitalId").isEqualTo(HOSPITAL_A);
        hospital(HOSPITAL_A).get().uri("/api/v1/settlements/{id}/statement", id).exchange().expectStatus().isOk();
        // and the owner may cancel it
        hospital(HOSPITAL_A).post().uri("/api/v1/settlements/{id}/cancel", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REVERSED");
    }

    // ------------------------------------------------------------------ person-year

    @Test
    void aHospitalReadsAPersonYearOnlyWhenItTreatedThePersonThatYear() {
        String person = newPersonRef();
        String path = "/api/v1/persons/{ref}/years/{year}";
        hospital(HOSPITAL_A).post().uri("/api/v1/settlements").bodyValue(withBurden(person, "2026-05-01", "3000")).exchange()
                .expectStatus().isCreated();

        hospital(HOSPITAL_A).get().uri(path, person, 2026).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.discharges").isEqualTo(1);
        String never = notFound(hospital(HOSPITAL_B).get().uri(path, person, 2026).exchange());
        notFound(hospital(HOSPITAL_A).get().uri(path, person, 2025).exchange());
        // the same answer as for a person nobody knows, so persons cannot be probed
        String stranger = newPersonRef();
        String unknown = notFound(hospital(HOSPITAL_B).get().uri(path, stranger, 2026).exchange());
        assertThat(never.replace(person, "{ref}")).isEqualTo(unknown.replace(stranger, "{ref}"));
        // the office of the person's area sees it too
        office("360400").get().uri(path, person, 2026).exchange().expectStatus().isOk();
    }

    @Test
    void anInsuranceOfficeReadsPersonYearsOfItsAreaOnly() {
        String settledInJiujiang = newPersonRef();
        settleOk(withBurden(settledInJiujiang, "2026-05-01", "3000"));
        String path = "/api/v1/persons/{ref}/years/{year}";
        office("360400").get().uri(path, settledInJiujiang, 2026).exchange().expectStatus().isOk();
        notFound(office("370600").get().uri(path, settledInJiujiang, 2026).exchange());

        // a person known from the identity view only (低保 in Jiujiang 360402 from 2026), not yet settled anywhere
        String identified = newPersonRef();
        publishIdentity(identity(identified, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        office("360400").get().uri(path, identified, 2026).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.discharges").isEqualTo(0);
        notFound(office("360400").get().uri(path, identified, 2025).exchange());
        notFound(office("370600").get().uri(path, identified, 2026).exchange());
    }

    // ------------------------------------------------------------------ insurance offices: applications

    @Test
    void anInsuranceOfficeRegistersAndReadsApplicationsOfItsAreaOnly() {
        String jiujiang = applicationId(office(JIUJIANG), newPersonRef(), JIUJIANG, "TILTED");
        String yantai = applicationId(office(YANTAI), newPersonRef(), YANTAI, "ILLNESS_POOR");

        office("360400").get().uri("/api/v1/applications/{id}", jiujiang).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.regionCode").isEqualTo(JIUJIANG);
        String unknown = UUID.randomUUID().toString();
        String outside = notFound(office("360400").get().uri("/api/v1/applications/{id}", yantai).exchange());
        String none = notFound(office("360400").get().uri("/api/v1/applications/{id}", unknown).exchange());
        assertThat(outside.replace(yantai, "{id}")).isEqualTo(none.replace(unknown, "{id}"));
        notFound(office("360400").get().uri("/api/v1/applications/{id}/notice", yantai).exchange());
        office("370600").get().uri("/api/v1/applications/{id}", yantai).exchange().expectStatus().isOk();

        // registering for Yantai 370602 from the Jiujiang office: refused, nothing stored
        String person = newPersonRef();
        problem(office("360400").post().uri("/api/v1/applications").bodyValue(application(person, YANTAI, "ILLNESS_POOR")).exchange(),
                403, "not-your-region");
        assertThat(count("select count(*) from grant_application where person_ref = $1", person)).isZero();
        assertThat(count("select count(*) from person where person_ref = $1", person)).isZero();
        // its own area: registered
        applicationId(office("360400"), person, JIUJIANG, "TILTED");
    }

    // ------------------------------------------------------------------ partner types without scope here

    @Test
    void partnerTypesWithoutTheScopeAreRefusedAndStoreNothing() {
        String person = newPersonRef();
        WebTestClient department = partner(Map.of("sub", "mz-360400", "partner_type", "department", "department", "CIVIL_AFFAIRS",
                "region", "360400"));
        problem(department.post().uri("/api/v1/settlements").bodyValue(withBurden(person, "2026-03-01", "100")).exchange(),
                403, "not-allowed-for-partner-type");
        assertThat(count("select count(*) from person where person_ref = $1", person)).isZero();
        problem(department.get().uri("/api/v1/persons/{ref}/years/2026", person).exchange(), 403, "not-allowed-for-partner-type");
        problem(department.get().uri("/api/v1/applications/{id}", UUID.randomUUID()).exchange(), 403, "not-allowed-for-partner-type");

        WebTestClient operator = partner(Map.of("sub", "ops", "partner_type", "operator"));
        problem(operator.get().uri("/api/v1/settlements/{id}", UUID.randomUUID()).exchange(), 403, "not-allowed-for-partner-type");
        problem(operator.get().uri("/api/v1/persons/{ref}/years/2026", person).exchange(), 403, "not-allowed-for-partner-type");

        // hospitals hold no application scope, insurance offices no settlement scope
        problem(hospital(HOSPITAL_A).post().uri("/api/v1/applications").bodyValue(application(person, JIUJIANG, "TILTED")).exchange(),
                403, "not-allowed-for-partner-type");
        problem(hospital(HOSPITAL_A).get().uri("/api/v1/applications/{id}", UUID.randomUUID()).exchange(), 403,
                "not-allowed-for-partner-type");
        problem(office("360400").post().uri("/api/v1/settlements").bodyValue(withBurden(person, "2026-03-01", "100")).exchange(),
                403, "not-allowed-for-partner-type");
        problem(office("360400").post().uri("/api/v1/settlements/{id}/cancel", UUID.randomUUID()).exchange(), 403,
                "not-allowed-for-partner-type");
        assertThat(count("select count(*) from person where person_ref = $1", person)).isZero();
        assertThat(count("select count(*) from grant_application where person_ref = $1", person)).isZero();

        // the health endpoint is not a partner's business and stays open
        department.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void tokensWhoseClaimsCannotNameAnOwnerAreRefused() {
        String person = newPersonRef();
        // an unknown partner type is not a partner at all: the token is invalid
        problem(partner(Map.of("sub", "x", "partner_type", "superuser")).post().uri("/api/v1/settlements")
                .bodyValue(withBurden(person, "2026-03-01", "100")).exchange(), 401, "unauthenticated");
        // a hospital without its institution, an office without its area: their objects cannot be told from another's
        problem(partner(Map.of("sub", "his", "partner_type", "hospital")).post().uri("/api/v1/settlements")
                .bodyValue(withBurden(person, "2026-03-01", "100")).exchange(), 400, "invalid-caller");
        problem(partner(Map.of("sub", "ybj", "partner_type", "insurance-office")).get().uri("/api/v1/applications/{id}", UUID.randomUUID())
                .exchange(), 400, "invalid-caller");
        assertThat(count("select count(*) from person where person_ref = $1", person)).isZero();
    }

    // ------------------------------------------------------------------ helpers

    /** What a refused call must leave as it was. */
    record State(String status, String reversedAt, long paymentLines, String ledger) {
    }

    private State state(String settlementId, String person) {
        UUID id = UUID.fromString(settlementId);
        String[] settlement = db.sql("select status, reversed_at::text from settlement where id = $1").bind(0, id)
                .map((row, meta) -> new String[] {row.get(0, String.class), row.get(1, String.class)}).one().block();
        long lines = db.sql("select count(*) from payment where settlement_id = $1").bind(0, id)
                .map((row, meta) -> row.get(0, Long.class)).one().block();
        String ledger = db.sql("select ledger from person where person_ref = $1").bind(0, person)
                .map((row, meta) -> row.get(0, String.class)).one().block();
        return new State(settlement[0], settlement[1], lines, ledger);
    }

    private WebTestClient hospital(String institution) {
        return as(hospitalClaims(institution));
    }

    private WebTestClient office(String region) {
        return as(officeClaims(region));
    }

    private WebTestClient partner(Map<String, String> claims) {
        return as(claims);
    }

    private static Map<String, Object> application(String person, String region, String kind) {
        Map<String, Object> body = new HashMap<>();
        body.put("personRef", person);
        body.put("regionCode", region);
        body.put("kind", kind);
        body.put("applicationDate", "2026-06-01");
        return body;
    }

    private String applicationId(WebTestClient client, String person, String region, String kind) {
        byte[] answer = client.post().uri("/api/v1/applications").bodyValue(application(person, region, kind)).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        return json.readTree(answer).get("applicationId").asString();
    }

    private static void problem(WebTestClient.ResponseSpec response, int status, String code) {
        response.expectStatus().isEqualTo(status).expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo(code).jsonPath("$.type").isEqualTo("/problems/" + code);
    }

    /** Asserts a 404 problem and returns its body, to compare with another 404's. */
    private static String notFound(WebTestClient.ResponseSpec response) {
        byte[] body = response.expectStatus().isNotFound().expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("not-found").returnResult().getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    private long count(String sql, String arg) {
        return db.sql(sql).bind(0, arg).map((row, meta) -> row.get(0, Long.class)).one().block();
    }
}
