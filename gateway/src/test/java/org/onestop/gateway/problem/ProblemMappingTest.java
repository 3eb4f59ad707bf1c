package org.onestop.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** How failures behind a route become the problems docs/gateway.md lists. */
class ProblemMappingTest {

    @Test
    void aFullBulkheadIsA503RouteBusyWithAShortRetryAfter() {
        Bulkhead full = Bulkhead.of("settlement", BulkheadConfig.custom().maxConcurrentCalls(1).maxWaitDuration(Duration.ZERO).build());
        assertThat(full.tryAcquirePermission()).isTrue();
        assertThat(full.tryAcquirePermission()).isFalse(); // the second call in flight finds it full
        Problem p = ProblemExceptionHandler.toProblem(new RuntimeException(BulkheadFullException.createBulkheadFullException(full)));
        assertThat(p.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(p.code()).isEqualTo("route-busy");
        assertThat(p.headers().getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void anythingUnknownIsA500WithoutItsMessage() {
        Problem p = ProblemExceptionHandler.toProblem(new IllegalStateException("secret detail 360402199001011234"));
        assertThat(p.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(p.detail()).doesNotContain("360402");
    }
}
