package org.onestop.messaging.dependency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class DependencyProbesTest {

    /** Probed every 50 ms with a 200 ms deadline, so the test runs in well under a second. */
    static final DependencyDeadlines FAST = new DependencyDeadlines(Duration.ofSeconds(5), Duration.ofSeconds(300), List.of(),
            Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(4),
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(3));

    @Test
    void theIndicatorFollowsTheProbeDownAndBackUp() {
        AtomicBoolean answering = new AtomicBoolean(true);
        try (DependencyProbes probes = new DependencyProbes(FAST).add("database", timeout -> {
            if (!answering.get()) {
                throw new TimeoutException("no answer within " + timeout);
            }
        }).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> probes.health("database").getStatus().equals(Status.UP));
            answering.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> probes.health("database").getStatus().equals(Status.DOWN));
            assertThat(probes.health("database").getDetails().get("probe").toString()).contains("TimeoutException");
            answering.set(true);
            await().atMost(Duration.ofSeconds(5)).until(() -> probes.health("database").getStatus().equals(Status.UP));
        }
    }

    @Test
    void aProbeStuckBeyondItsDeadlineNeitherBlocksTheIndicatorNorLeavesAnOldUpStanding() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        AtomicBoolean hang = new AtomicBoolean(false);
        try (DependencyProbes probes = new DependencyProbes(FAST).add("broker", timeout -> {
            if (hang.get()) {
                stuck.await(); // ignores its deadline, as a buggy client might
            }
        }).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> probes.health("broker").getStatus().equals(Status.UP));
            hang.set(true);
            // stale after three rounds of interval + deadline (3 × 250 ms): DOWN, and every read returns at once
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
                long begin = System.nanoTime();
                Status status = probes.health("broker").getStatus();
                assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofMillis(100));
                return status.equals(Status.DOWN);
            });
        } finally {
            stuck.countDown();
        }
    }

    @Test
    void beforeTheFirstAnswerADependencyIsNotReady() {
        try (DependencyProbes probes = new DependencyProbes(FAST).add("database", timeout -> { })) {
            assertThat(probes.health("database").getStatus()).isEqualTo(Status.DOWN); // not started: never asked
        }
    }
}
