package org.onestop.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.problem.Problem;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;

/**
 * Two gateway replicas (two limiters) on one database spend one budget per partner; without the database each falls
 * back to its own limit. The gateway's real migrations on a database of its own; a window of an hour, so the budget
 * cannot refill in the middle of a test.
 */
class SharedRateLimitsIntegrationTest {

    static final String DATABASE = "gateway_limits";
    static final SharedLimitsProperties HOURLY = new SharedLimitsProperties(true, Duration.ofHours(1), 0.1,
            Duration.ofSeconds(5), Duration.ofSeconds(5));
    static DatabaseClient db;

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(TestInfrastructure.jdbcUrl(DATABASE), TestInfrastructure.username(DATABASE),
                TestInfrastructure.password(DATABASE)).load().migrate();
        db = client(TestInfrastructure.r2dbcUrl(DATABASE));
    }

    static DatabaseClient client(String url) {
        ConnectionFactory factory = ConnectionFactories.get(ConnectionFactoryOptions.parse(url).mutate()
                .option(ConnectionFactoryOptions.USER, TestInfrastructure.username(DATABASE))
                .option(ConnectionFactoryOptions.PASSWORD, TestInfrastructure.password(DATABASE))
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(2)).build());
        return DatabaseClient.create(factory);
    }

    static RateLimits local(int perSecond) {
        return new RateLimits(new GatewayProperties(null, null, null,
                new GatewayProperties.Limits(perSecond, 5, 20, DataSize.ofMegabytes(1), DataSize.ofMegabytes(256)), null, null));
    }

    static SharedRateLimits replica(DatabaseClient store, int limit, SharedLimitsProperties settings) {
        return new SharedRateLimits(store, local(limit), settings, limit, System::nanoTime);
    }

    static boolean granted(SharedRateLimits limits, String clientId) {
        return Boolean.TRUE.equals(limits.acquireApi(clientId).thenReturn(true)
                .onErrorResume(Problem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(429);
                    assertThat(p.headers().getFirst("Retry-After")).isEqualTo("1");
                    return Mono.just(false);
                }).block(Duration.ofSeconds(10)));
    }

    @Test
    void twoReplicasCallingInTurnShareOnePartnersBudgetExactly() {
        String partner = "hospital-" + UUID.randomUUID();
        // 100 a window, taken in slices of a tenth (10): 120 calls alternating between the replicas get 100 in all
        SharedRateLimits a = replica(db, 100, HOURLY);
        SharedRateLimits b = replica(db, 100, HOURLY);
        int passedA = 0;
        int passedB = 0;
        for (int i = 0; i < 60; i++) {
            passedA += granted(a, partner) ? 1 : 0;
            passedB += granted(b, partner) ? 1 : 0;
        }
        assertThat(passedA + passedB).isEqualTo(100);
        assertThat(passedA).isEqualTo(50);
        assertThat(passedB).isEqualTo(50);
        // another partner's budget is untouched
        assertThat(granted(a, "hospital-" + UUID.randomUUID())).isTrue();
    }

    @Test
    void whatOneReplicaSpentTheOtherCannotSpendAgain() {
        String partner = "department-" + UUID.randomUUID();
        // 10 a window, slices of 1: every permit is one row update; 7 on A leave 3 for B
        SharedRateLimits a = replica(db, 10, HOURLY);
        SharedRateLimits b = replica(db, 10, HOURLY);
        int passedA = 0;
        for (int i = 0; i < 7; i++) {
            passedA += granted(a, partner) ? 1 : 0;
        }
        int passedB = 0;
        for (int i = 0; i < 7; i++) {
            passedB += granted(b, partner) ? 1 : 0;
        }
        assertThat(passedA).isEqualTo(7);
        assertThat(passedB).isEqualTo(3);
        assertThat(granted(a, partner)).isFalse();
    }

    @Test
    void aReservationAnsweredAfterItsWindowClosedIsNotCountedAsThePartnersExcess() {
        // every clock reading two hours after the last: each reservation arrives after its (hourly) window closed, as
        // a slow store's answer near a window's end does; the budget of 100 is untouched, so the call must pass (it
        // was a 429 with 4 first uploads at a budget of 1,000,000 a second, found by replicas-bench.sh)
        AtomicLong clock = new AtomicLong();
        SharedRateLimits slow = new SharedRateLimits(db, local(100), HOURLY, 100,
                () -> clock.addAndGet(Duration.ofHours(2).toNanos()));
        assertThat(granted(slow, "hospital-" + UUID.randomUUID())).isTrue();
    }

    @Test
    void withTheStoreUnreachableEachReplicaFallsBackToItsOwnLimitRatherThanRefusingEveryone() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseClient away = client("r2dbc:postgresql://localhost:" + closedPort + "/" + DATABASE);
        // the local limiter's own 5 a second: 5 pass, the sixth is a 429 (fail open, but still limited)
        SharedRateLimits alone = replica(away, 5, HOURLY);
        int passed = 0;
        for (int i = 0; i < 6; i++) {
            passed += granted(alone, "hospital-" + "offline") ? 1 : 0;
        }
        assertThat(passed).isEqualTo(5);
    }
}
