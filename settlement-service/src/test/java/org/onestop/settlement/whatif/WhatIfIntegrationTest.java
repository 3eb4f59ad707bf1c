package org.onestop.settlement.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.onestop.events.ResidentIdNumber;
import org.onestop.infra.embedded.TestInfrastructure;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.settlement.SettlementIntegrationTestBase;
import org.onestop.whatif.CandidatePolicy;
import org.onestop.whatif.HistoryCsv;
import org.onestop.whatif.PersonHistory;
import org.onestop.whatif.WhatIf;
import org.onestop.whatif.WhatIfReport;
import org.onestop.whatif.WhatIfTally;
import org.onestop.whatif.WhatIfRunner;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The what-if API over real books (docs/what-if.md), in Jiujiang's 2025, which no other test settles in: three
 * person-years, a cancelled settlement, a 2024 stay. Run with {@code -Dwhatif.fixture.dir=<dir>} it also writes the
 * export and the API's result there, the fixture the Spark job's test must reproduce exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhatIfIntegrationTest extends SettlementIntegrationTestBase {

    private static final String REGION = "360400";
    private static final String RATIO = "assistance.categories.class2.bands[0].ratio";
    private static final String OFFICE = "360400";

    private String p1;
    private String p2;
    private String p3;

    /** Fixed ID numbers: the person references, and so the result document, are the same on every run. */
    private static String person(int n) {
        return personRef(ResidentIdNumber.withCheckChar(String.format("36040219800101%03d", 900 + n)));
    }

    @BeforeAll
    void books() {
        p1 = person(1);
        p2 = person(2);
        p3 = person(3);
        String p4 = person(4);
        for (String p : List.of(p1, p3, p4)) {
            publishIdentity(identity(p, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2024-01-01", null));
        }
        settleOk(withBurden(p1, "2025-03-10", "3100"));
        settleOk(withBurden(p2, "2025-04-01", "5000"));
        settleOk(withBurden(p3, "2025-05-05", "20000"));
        String cancelled = settleOk(withBurden(p3, "2025-06-06", "1000")).get("settlementId").asString();
        http().post().uri("/api/v1/settlements/{id}/cancel", cancelled).exchange().expectStatus().isOk();
        settleOk(withBurden(p4, "2024-12-20", "1000"));
    }

    private WebTestClient office() {
        return as(officeClaims(OFFICE));
    }

    private static Map<String, Object> raiseClassTwo(String ratio) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", REGION);
        body.put("year", 2025);
        body.put("candidate", Map.of("overrides", Map.of(RATIO, ratio)));
        return body;
    }

    private String start(Map<String, Object> body) {
        JsonNode run = json.readTree(office().post().uri("/api/v1/what-if").bodyValue(body).exchange()
                .expectStatus().isAccepted().expectBody().returnResult().getResponseBody());
        return run.get("id").asString();
    }

    private JsonNode read(String id) {
        return json.readTree(office().get().uri("/api/v1/what-if/{id}", id).accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private JsonNode finished(String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !read(id).get("status").asString().matches("QUEUED|RUNNING"));
        return read(id);
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(2) class 2 at 80 % instead of 75 %: 5 % of each 低保 person's assistance base more, nothing else moves")
    void raisingTheClassTwoRatioByFivePointsPaysFivePercentOfTheBasesMore() throws Exception {
        JsonNode run = finished(start(raiseClassTwo("80%")));

        assertThat(run.get("status").asString()).isEqualTo("DONE");
        JsonNode r = run.get("result");
        // p1, p2, p3 discharged in 2025 (p3's cancelled stay and p4's 2024 stay are not replayed as 2025's)
        assertThat(r.get("personYears").asLong()).isEqualTo(3);
        assertThat(r.get("discharges").asLong()).isEqualTo(3);
        // assistance bases (withBurden): p1 3,100, p3 20,000 → 5 % = 155.00 + 1,000.00; p2 holds no identity
        JsonNode assistance = row(r.get("byLayerAndFund"), "layer", "ASSISTANCE");
        assertThat(assistance.get("current").asString()).isEqualTo("17325.00"); // 75 % of 23,100
        assertThat(assistance.get("candidate").asString()).isEqualTo("18480.00"); // 80 % of 23,100
        assertThat(r.get("fundOutlay").get("difference").asString()).isEqualTo("1155.00");
        assertThat(r.get("patientPays").get("difference").asString()).isEqualTo("-1155.00");
        assertThat(row(r.get("byCategory"), "category", "class2").get("difference").asString()).isEqualTo("1155.00");
        // the category's name as jiujiang-2022 一 names 二类人员 (the policy file's name), none for the stay without one
        assertThat(row(r.get("byCategory"), "category", "class2").get("name").asString()).isEqualTo("二类人员（低保对象、返贫致贫人口）");
        assertThat(row(r.get("byCategory"), "category", "NONE").get("name").isNull()).isTrue();
        assertThat(row(r.get("byCounty"), "county", JIUJIANG).get("difference").asString()).isEqualTo("1155.00");
        assertThat(r.get("topChanges")).hasSize(2);
        assertThat(r.get("topChanges").get(0).get("personRef").asString()).isEqualTo(p3);
        assertThat(r.get("topChanges").get(0).get("fundOutlay").get("difference").asString()).isEqualTo("1000.00");
        assertThat(r.get("topChanges").get(1).get("personRef").asString()).isEqualTo(p1);

        // the current side is what the books paid, to the fen, layer by layer and fund by fund
        Map<String, String> paid = new TreeMap<>();
        db.sql("""
                select p.layer, coalesce(p.fund_code, ''), sum(p.amount_fen)::bigint from payment p join settlement s on s.id = p.settlement_id
                where s.policy_region = '360400' and s.status = 'SETTLED' and s.discharge_date between '2025-01-01' and '2025-12-31'
                  and p.layer <> 'HOSPITAL_BORNE' group by 1, 2 having sum(p.amount_fen) <> 0""")
                .map((row, meta) -> Map.entry(row.get(0, String.class) + "|" + row.get(1, String.class),
                        Money.ofFen(row.get(2, Long.class)).toString()))
                .all().doOnNext(e -> paid.put(e.getKey(), e.getValue())).blockLast();
        Map<String, String> current = new TreeMap<>();
        r.get("byLayerAndFund").forEach(l -> current.put(l.get("layer").asString() + "|"
                + (l.get("fundCode").isNull() ? "" : l.get("fundCode").asString()), l.get("current").asString()));
        assertThat(current).isEqualTo(paid);

        // the export replayed by the library alone gives the same document (what the Spark job runs)
        String export = office().get().uri("/api/v1/what-if/export?region=360400&year=2025").accept(MediaType.parseMediaType("text/csv"))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(export).contains(p1).contains(p3).doesNotContain("3604021980");
        CandidatePolicy candidate = CandidatePolicy.ofOverrides("jiujiang-2022", Map.of(), Map.of(RATIO, "80%"));
        WhatIf w = new WhatIf(PolicyCatalog.loadDefault(), REGION, 2025, candidate.policy());
        WhatIfTally tally = WhatIfRunner.tally(w, histories(export), () -> false);
        assertThat(json.readTree(WhatIfReport.json(w, tally))).isEqualTo(r);

        String dir = System.getProperty("whatif.fixture.dir");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.writeString(Path.of(dir, "books.csv"), export, StandardCharsets.UTF_8);
            Files.writeString(Path.of(dir, "candidate.yaml"), candidate.yaml(), StandardCharsets.UTF_8);
            Files.writeString(Path.of(dir, "result.json"), r.toString(), StandardCharsets.UTF_8);
        }
    }

    private static List<PersonHistory> histories(String export) {
        Map<String, List<String>> byPerson = new TreeMap<>();
        for (String line : export.split("\n")) {
            if (!line.isBlank()) {
                byPerson.computeIfAbsent(HistoryCsv.personOf(line), k -> new ArrayList<>()).add(line);
            }
        }
        List<PersonHistory> out = new ArrayList<>();
        byPerson.forEach((p, lines) -> out.add(HistoryCsv.read(p, lines)));
        return out;
    }

    private static JsonNode row(JsonNode rows, String key, String value) {
        for (JsonNode n : rows) {
            if (value.equals(n.get(key).asString())) {
                return n;
            }
        }
        throw new AssertionError("no row " + key + "=" + value + " in " + rows);
    }

    @Test
    void theResultReadsAsCsvWithCurrentAndCandidateSideBySide() {
        String id = start(raiseClassTwo("80%"));
        finished(id);

        String csv = office().get().uri("/api/v1/what-if/{id}", id).accept(MediaType.parseMediaType("text/csv")).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(csv).startsWith("section,key,detail,current,candidate,difference\n")
                .contains("total,fundOutlay,,")
                .contains("layerAndFund,ASSISTANCE,610100,17325.00,18480.00,1155.00\n");
    }

    @Test
    void aRatioAboveOneHundredPercentIsRefusedNamingTheParameterAndNothingIsQueued() {
        long before = runs();

        office().post().uri("/api/v1/what-if").bodyValue(raiseClassTwo("180%")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo(RATIO).jsonPath("$.code").isEqualTo("invalid-candidate");

        assertThat(runs()).isEqualTo(before);
    }

    @Test
    void aParameterTheFileDoesNotHaveIsRefused() {
        Map<String, Object> body = raiseClassTwo("80%");
        body.put("candidate", Map.of("overrides", Map.of("assistance.categories.class9.bands[0].ratio", "80%")));

        office().post().uri("/api/v1/what-if").bodyValue(body).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("assistance.categories.class9.bands[0].ratio");
    }

    @Test
    void aRunCancelledBeforeItReadsTheBooksEndsCancelledWithoutAResult() throws Exception {
        // hold the books still: the run waits on its first read of them while it is cancelled
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl("settlement"),
                TestInfrastructure.username("settlement"), TestInfrastructure.password("settlement"))) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("lock table settlement in access exclusive mode");
            }
            String id = start(raiseClassTwo("80%"));
            office().delete().uri("/api/v1/what-if/{id}", id).exchange().expectStatus().isAccepted()
                    .expectBody().jsonPath("$.cancelRequested").isEqualTo(true);
            c.rollback();

            JsonNode run = finished(id);

            assertThat(run.get("status").asString()).isEqualTo("CANCELLED");
            assertThat(run.get("result").isNull()).isTrue();
            office().delete().uri("/api/v1/what-if/{id}", id).exchange().expectStatus().isEqualTo(409);
        }
    }

    @Test
    void anotherAreasOfficeSeesNoRunAndAHospitalMayNotStartOne() {
        String id = start(raiseClassTwo("80%"));

        as(officeClaims("370600")).get().uri("/api/v1/what-if/{id}", id).accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isNotFound();
        as(officeClaims("370600")).post().uri("/api/v1/what-if").bodyValue(raiseClassTwo("80%")).exchange()
                .expectStatus().isForbidden();
        http().post().uri("/api/v1/what-if").bodyValue(raiseClassTwo("80%")).exchange().expectStatus().isForbidden();
        finished(id);
    }

    @Test
    void anOfficeWithTwoRunsQueuedOrRunningIsRefusedTheThirdWithA429NamingTheLimitWhileAnotherOfficeIsNot() throws Exception {
        // two offices of the same city, told apart by their client ids; the limit is per office (default 2)
        WebTestClient busy = as(Map.of("sub", "office-360400-busy", "partner_type", "insurance-office", "region", OFFICE));
        WebTestClient other = as(Map.of("sub", "office-360400-other", "partner_type", "insurance-office", "region", OFFICE));
        List<String> started = new ArrayList<>();
        // hold the books still: the first run waits on its first read of them, the second waits behind it
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl("settlement"),
                TestInfrastructure.username("settlement"), TestInfrastructure.password("settlement"))) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("lock table settlement in access exclusive mode");
            }
            for (int i = 0; i < 2; i++) {
                started.add(json.readTree(busy.post().uri("/api/v1/what-if").bodyValue(raiseClassTwo("80%")).exchange()
                        .expectStatus().isAccepted().expectBody().returnResult().getResponseBody()).get("id").asString());
            }
            long before = runs();

            busy.post().uri("/api/v1/what-if").bodyValue(raiseClassTwo("80%")).exchange()
                    .expectStatus().isEqualTo(429)
                    .expectBody().jsonPath("$.code").isEqualTo("what-if-limit").jsonPath("$.limit").isEqualTo(2)
                    .jsonPath("$.type").isEqualTo("/problems/what-if-limit");
            assertThat(runs()).as("nothing stored for the refused run").isEqualTo(before);
            started.add(json.readTree(other.post().uri("/api/v1/what-if").bodyValue(raiseClassTwo("80%")).exchange()
                    .expectStatus().isAccepted().expectBody().returnResult().getResponseBody()).get("id").asString());

            // a cancelled run frees its place at once
            busy.delete().uri("/api/v1/what-if/{id}", started.get(1)).exchange().expectStatus().isAccepted();
            started.add(json.readTree(busy.post().uri("/api/v1/what-if").bodyValue(raiseClassTwo("80%")).exchange()
                    .expectStatus().isAccepted().expectBody().returnResult().getResponseBody()).get("id").asString());
            for (String id : started) {
                office().delete().uri("/api/v1/what-if/{id}", id).exchange();
            }
            c.rollback();
        }
        for (String id : started) {
            assertThat(finished(id).get("status").asString()).isIn("CANCELLED", "DONE");
        }
    }

    private long runs() {
        return db.sql("select count(*) from whatif_run").map((row, meta) -> row.get(0, Long.class)).one().block();
    }
}
