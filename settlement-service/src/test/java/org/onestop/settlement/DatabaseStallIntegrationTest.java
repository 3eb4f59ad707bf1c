package org.onestop.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, "failing fast": PostgreSQL frozen (SIGSTOP) under a burst of HTTP settles. Every answer during the stall is
 * the 503 {@code dependency-unavailable} problem with {@code Retry-After}, within the request deadline
 * ({@code onestop.messaging.deadlines.request}, 8 s); readiness turns DOWN and, after the thaw, UP again; the 503'd
 * settles sent again with the same message ids each settle exactly once. Runs with application.yml's production
 * deadlines (the other tests' shared context relaxes them, src/test/resources/config), in a context of its own that
 * is closed afterwards, so its consumers leave the group.
 */
@TestPropertySource(properties = {"onestop.messaging.deadlines.request=8s", "spring.r2dbc.pool.max-acquire-time=5s"})
@DirtiesContext
class DatabaseStallIntegrationTest extends SettlementIntegrationTestBase {

    /** application.yml's request deadline and Retry-After. */
    static final Duration DEADLINE = Duration.ofSeconds(8);
    static final String RETRY_AFTER = "5";
    /** Scheduling slack on a loaded 2-core machine: the answer must come well before the 60 s stall of the issue. */
    static final Duration SLACK = Duration.ofSeconds(3);
    /** More settles than the pool holds (16): some wait for a connection, the rest for a frozen backend. */
    static final int SETTLES = 40;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, String retryAfter, String contentType, JsonNode body, Duration took) {
    }

    @Test
    void aFrozenDatabaseIsAnswered503WithRetryAfterWithinTheDeadlineReadinessGoesDownAndBackAndRetriesSettleOnce()
            throws Exception {
        assumeTrue(TestInfrastructure.canFreezePostgres(), "PostgreSQL runs in a container: it cannot be frozen here");
        // warm (policy loaded, pool filled, code compiled): a cold first call on a loaded machine may itself miss the
        // deadline, and its retry is safe
        Map<String, Object> warm = withBurden(newPersonRef(), "2026-05-02", "1000");
        await().atMost(Duration.ofSeconds(60)).until(() -> settleAsync(warm).get().status() / 100 == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness().status() == 200);

        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < SETTLES; i++) {
            bodies.add(withBurden(newPersonRef(), "2026-05-03", "3000"));
        }
        List<Answer> during = new ArrayList<>();
        Answer readinessDuringStall;
        TestInfrastructure.freezePostgres();
        try {
            List<CompletableFuture<Answer>> sent = bodies.stream().map(this::settleAsync).toList();
            for (CompletableFuture<Answer> f : sent) {
                during.add(f.get());
            }
            // the probes ask every second with a 2 s deadline: DOWN within a few seconds, and the endpoint never waits
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> readiness().status() == 503);
            readinessDuringStall = readiness();
        } finally {
            TestInfrastructure.thawPostgres();
        }

        assertThat(during).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.retryAfter()).isEqualTo(RETRY_AFTER);
            assertThat(a.body().get("type").asString()).isEqualTo("/problems/dependency-unavailable");
            assertThat(a.body().get("code").asString()).isEqualTo("dependency-unavailable");
            assertThat(a.body().get("status").asInt()).isEqualTo(503);
            assertThat(a.took()).isLessThan(DEADLINE.plus(SLACK));
        });
        assertThat(readinessDuringStall.status()).isEqualTo(503);
        assertThat(readinessDuringStall.body().get("status").asString()).isEqualTo("DOWN");
        assertThat(readinessDuringStall.took()).isLessThan(Duration.ofSeconds(1));
        assertThat(liveness()).isEqualTo(200); // a restart would not cure a database outage

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> readiness().status() == 200);

        // the client's retry, as the problem says: the same requests, same message ids
        for (Map<String, Object> body : bodies) {
            Answer again = settleAsync(body).get();
            assertThat(again.status()).as("retry of %s", body.get("messageId")).isIn(200, 201);
        }
        for (Map<String, Object> body : bodies) {
            Long stored = db.sql("select count(*) from settlement where hospital_id = $1 and message_id = $2")
                    .bind(0, HOSPITAL).bind(1, body.get("messageId")).map((row, meta) -> row.get(0, Long.class)).one().block();
            assertThat(stored).as("settlements of %s", body.get("messageId")).isEqualTo(1L);
        }
    }

    private CompletableFuture<Answer> settleAsync(Map<String, Object> body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/settlements"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", bearer(hospitalClaims(HOSPITAL)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        long begin = System.nanoTime();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> answer(r, begin));
    }

    private Answer readiness() throws Exception {
        long begin = System.nanoTime();
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health/readiness")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return answer(r, begin);
    }

    private int liveness() throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/liveness"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Answer answer(HttpResponse<byte[]> r, long begin) {
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        JsonNode body = r.body().length == 0 ? json.createObjectNode() : json.readTree(r.body());
        return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                r.headers().firstValue("Content-Type").orElse(""), body, took);
    }
}
