package org.onestop.messaging.dependency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.r2dbc.spi.R2dbcTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RequestDeadlineFilterTest {

    /** A 300 ms request deadline, 2 s for the export path, Retry-After 7 s. */
    static final DependencyDeadlines SHORT = new DependencyDeadlines(Duration.ofMillis(300), Duration.ofSeconds(2),
            List.of("/exports/**"), Duration.ofSeconds(7), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(4), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(3));

    final WebTestClient client = WebTestClient.bindToRouterFunction(
                    route(GET("/stalled"), r -> Mono.never())
                            .andRoute(GET("/exports/slow"), r -> Mono.delay(Duration.ofMillis(600)).then(ServerResponse.ok().build()))
                            .andRoute(GET("/quick"), r -> ServerResponse.ok().bodyValue("ok")))
            .webFilter(new RequestDeadlineFilter(SHORT)).configureClient().responseTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aRequestWaitingOnAStalledDependencyIsAnswered503WithRetryAfterAtItsDeadline() {
        long begin = System.nanoTime();
        byte[] body = client.get().uri("/stalled").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType("application/problem+json")
                .expectHeader().valueEquals("Retry-After", "7")
                .expectBody().returnResult().getResponseBody();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        JsonNode problem = JsonMapper.builder().build().readTree(body);
        assertThat(problem.get("type").asString()).isEqualTo("/problems/dependency-unavailable");
        assertThat(problem.get("code").asString()).isEqualTo("dependency-unavailable");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("instance").asString()).isEqualTo("/stalled");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aLongRunningPathGetsItsLongerDeadlineAndAQuickOneIsUntouched() {
        client.get().uri("/exports/slow").exchange().expectStatus().isOk();
        client.get().uri("/quick").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("ok");
    }

    @Test
    void aPoolTimeoutWrappedBySpringIsRecognisedAsAnUnavailableDependencyButABugIsNot() {
        assertThat(DependencyFailures.isUnavailable(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
                new R2dbcTimeoutException("acquire")))).isTrue();
        assertThat(DependencyFailures.isUnavailable(new IllegalStateException(new NullPointerException()))).isFalse();
    }

    @Test
    void theAdviceAnswersTheSameProblem() {
        var answer = new ServiceUnavailableAdvice(SHORT).unavailable(new DataAccessResourceFailureException("pool"));
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("7");
        assertThat(answer.getBody().getType().toString()).isEqualTo("/problems/dependency-unavailable");
        assertThat(answer.getBody().getProperties()).containsEntry("code", "dependency-unavailable");
    }
}
