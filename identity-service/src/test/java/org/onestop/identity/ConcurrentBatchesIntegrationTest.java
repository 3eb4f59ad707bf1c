package org.onestop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No global lock (issue 12): a batch holds the locks of its own persons until it commits. A batch is held
 * open half-way (a test transaction holds a row it must update, after it has taken its person locks): a batch of
 * another person commits meanwhile, and a batch of the same person waits for it and then sees what it did.
 */
class ConcurrentBatchesIntegrationTest extends IdentityIntegrationTestBase {

    @Autowired
    DatabaseClient db;
    @Autowired
    JsonMapper json;

    static Map<String, Object> record(String id, String change, String start) {
        Map<String, Object> m = new HashMap<>();
        m.put("identityType", "DIBAO");
        m.put("regionCode", "140105");
        m.put("idNumber", id);
        m.put("name", "张三");
        m.put("change", change);
        m.put("startDate", start);
        return m;
    }

    /** Posts a one-row batch as Shanxi civil affairs; the report's JSON once it is created. */
    CompletableFuture<JsonNode> post(Map<String, Object> row) {
        return post(List.of(row));
    }

    CompletableFuture<JsonNode> post(List<Map<String, Object>> rows) {
        // a JSON answer lists every row: 5,001 rows are more than the client's default 256 KB
        return CompletableFuture.supplyAsync(() -> json.readTree(shanxiCivilAffairs().mutate()
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
                .post().uri("/api/v1/identity/batches")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("department", "CIVIL_AFFAIRS", "departmentReference", newReference(), "records", rows))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody()));
    }

    /** Holds person {@code idNumber}'s row in an open transaction of {@code test}: a batch updating it stops there. */
    static void holdPersonRow(Connection test, String idNumber) throws Exception {
        test.setAutoCommit(false);
        try (PreparedStatement hold = test.prepareStatement("select 1 from person where person_ref = ? for update")) {
            hold.setString(1, personRef(idNumber));
            hold.execute();
        }
    }

    static Connection connection() throws Exception {
        return DriverManager.getConnection(TestInfrastructure.jdbcUrl("identity"), TestInfrastructure.username("identity"),
                TestInfrastructure.password("identity"));
    }

    /** Sessions of this database waiting for a lock (a fresh statement each time: no snapshot of the statistics). */
    long lockWaiters() {
        return db.sql("select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
                .map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    @Test
    void batchesOfOtherPersonsCommitWhileOneIsOpenAndABatchOfTheSamePersonWaitsForIt() throws Exception {
        String a = newIdNumber();
        String b = newIdNumber();
        assertThat(post(record(a, "NEW", "2024-01-01")).get(60, TimeUnit.SECONDS).path("acceptedRows").asInt())
                .isEqualTo(1);

        try (Connection test = connection()) {
            holdPersonRow(test, a);
            // A's exit takes A's lock, then stops at A's person row: its transaction stays open, its lock held
            CompletableFuture<JsonNode> exit = post(record(a, "EXIT", "2024-06-01"));
            await().atMost(Duration.ofSeconds(20)).until(() -> lockWaiters() >= 1);

            // another person's batch does not wait for it
            JsonNode other = post(record(b, "NEW", "2024-01-01")).get(20, TimeUnit.SECONDS);
            assertThat(other.path("acceptedRows").asInt()).isEqualTo(1);
            assertThat(exit).as("A's exit is still open").isNotDone();

            // a new period for A from July fits only after the exit (otherwise PERIOD_OVERLAP): it must wait for it
            CompletableFuture<JsonNode> regrant = post(record(a, "NEW", "2024-07-01"));
            await().atMost(Duration.ofSeconds(20)).until(() -> lockWaiters() >= 2);
            assertThat(regrant).isNotDone();

            test.rollback();
            assertThat(exit.get(60, TimeUnit.SECONDS).path("acceptedRows").asInt()).isEqualTo(1);
            JsonNode second = regrant.get(60, TimeUnit.SECONDS);
            assertThat(second.path("acceptedRows").asInt()).as("%s", second).isEqualTo(1);
        }
        // A's facts (and so its events in the outbox) in the order the batches committed
        http().get().uri("/api/v1/identity/persons/{ref}/history", personRef(a)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[0].change").isEqualTo("NEW").jsonPath("$[1].change").isEqualTo("EXIT")
                .jsonPath("$[2].change").isEqualTo("NEW").jsonPath("$[2].validFrom").isEqualTo("2024-07-01");
    }

    /**
     * A batch of more than one chunk (5,000 rows) cannot know its later persons when it writes its first chunk, so it
     * locks every person at once: it waits for a batch in flight (held open half-way, as above) and then stores all its
     * rows; the held batch is not disturbed.
     */
    @Test
    void aBatchOfMoreThanOneChunkWaitsForTheBatchesInFlightAndThenStoresEveryRow() throws Exception {
        String a = newIdNumber();
        assertThat(post(record(a, "NEW", "2024-01-01")).get(60, TimeUnit.SECONDS).path("acceptedRows").asInt())
                .isEqualTo(1);
        List<Map<String, Object>> roster = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (ids.size() < 5001) {
            String id = newIdNumber();
            if (!id.equals(a) && ids.add(id)) {
                roster.add(record(id, "NEW", "2024-01-01"));
            }
        }
        try (Connection test = connection()) {
            holdPersonRow(test, a);
            CompletableFuture<JsonNode> exit = post(record(a, "EXIT", "2024-06-01"));
            await().atMost(Duration.ofSeconds(20)).until(() -> lockWaiters() >= 1);

            CompletableFuture<JsonNode> big = post(roster);
            await().atMost(Duration.ofSeconds(60)).until(() -> lockWaiters() >= 2);
            assertThat(big).as("waits for the exit in flight").isNotDone();

            test.rollback();
            assertThat(exit.get(60, TimeUnit.SECONDS).path("acceptedRows").asInt()).isEqualTo(1);
            JsonNode stored = big.get(120, TimeUnit.SECONDS);
            assertThat(stored.path("totalRows").asInt()).isEqualTo(5001);
            assertThat(stored.path("acceptedRows").asInt()).isEqualTo(5001);
        }
    }
}
