package org.onestop.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.problem.Problem;
import org.springframework.util.unit.DataSize;

class RateLimitsTest {

    /** 5 token requests a second per (source, client id), 20 per source: application.yml's defaults. */
    final AtomicLong millis = new AtomicLong(1_000_000);
    final RateLimits limits = new RateLimits(new GatewayProperties(null, null, null,
            new GatewayProperties.Limits(200, 5, 20, DataSize.ofMegabytes(1), DataSize.ofMegabytes(256)), null, null),
            millis::get);

    @Test
    void aStrangerFloodingAPartnersClientIdDoesNotSpendThePartnersOwnBudget() {
        int strangerPassed = 0;
        for (int i = 0; i < 100; i++) {
            try {
                limits.acquireToken("203.0.113.9", "hospital-h360402001");
                strangerPassed++;
            } catch (Problem refused) {
                // 429: refused before any secret is checked
            }
        }
        // the stranger gets the per-(source, client) 5, then nothing
        assertThat(strangerPassed).isEqualTo(5);
        // in the same second, the partner from its own address still has all 5 of its requests
        for (int i = 0; i < 5; i++) {
            limits.acquireToken("198.51.100.7", "hospital-h360402001");
        }
        assertThatThrownBy(() -> limits.acquireToken("198.51.100.7", "hospital-h360402001"))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status().value()).isEqualTo(429));
    }

    @Test
    void oneSourceInventingClientIdsIsLimitedAsASourceAndItsCountsAreForgottenTheNextSecond() {
        int passed = 0;
        for (int i = 0; i < 1000; i++) {
            try {
                limits.acquireToken("203.0.113.9", "no-such-client-" + i);
                passed++;
            } catch (Problem refused) {
                // over the per-source 20
            }
        }
        assertThat(passed).isEqualTo(20);
        millis.addAndGet(1000);
        limits.acquireToken("203.0.113.9", "no-such-client-0");
    }

    @Test
    void aPartnerGetsItsApiRateAndTheNextCallIsA429WithRetryAfterWhileAnotherPartnerIsUntouched() {
        // 200 calls a second per partner (application.yml); the limiter refreshes each second, so within one burst:
        for (int i = 0; i < 200; i++) {
            limits.acquireApi("hospital-busy");
        }
        assertThatThrownBy(() -> limits.acquireApi("hospital-busy")).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.status().value()).isEqualTo(429);
            assertThat(p.headers().getFirst("Retry-After")).isEqualTo("1");
        });
        limits.acquireApi("hospital-quiet");
    }
}
