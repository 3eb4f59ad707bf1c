package org.onestop.console.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onestop.console.gateway.ApiAnswer;

class ServiceViewTest {

    static final String PERSON = "ab".repeat(32);

    @Test
    void aLagAboveZeroAndADeadLetterMarkTheRowAndTimesAreBeijingTime() {
        Map<String, Object> body = Map.of(
                "service", "monitoring-service",
                "observedAt", "2026-12-06T00:00:00Z",
                "answeredBy", Map.of("instance", "monitoring-service-1", "ready", true,
                        "checks", Map.of("database", "UP"), "consumers", 2, "partitions", 6),
                "replicas", List.of(Map.of("instance", "monitoring-service-1", "consumers", 2, "partitions", 6),
                        Map.of("instance", "monitoring-service-2", "consumers", 2, "partitions", 6)),
                "consumers", List.of(
                        Map.of("binding", "settlementCompleted-in-0", "group", "monitoring-service", "topic",
                                "settlement.completed.v1", "partitions", 6, "lag", 3, "state", "Stable", "members", 4),
                        Map.of("binding", "identityChanged-in-0", "group", "monitoring-service", "topic",
                                "identity.changed.v1", "partitions", 6, "lag", 0, "state", "Stable", "members", 2)),
                "deadLetters", List.of(Map.of("topic", "settlement.completed.v1.monitoring-service.dlq", "records", 1,
                        "latest", List.of(Map.of("time", "2026-12-05T23:59:00Z", "reason", "MALFORMED_JSON",
                                "key", PERSON)))),
                "outbox", Map.of("unpublished", 4, "oldestAgeSeconds", 12),
                "unavailable", List.of());

        ServiceView v = ServiceView.of("monitoring-service", new ApiAnswer(200, body, List.of()));

        assertThat(v.observedAt()).isEqualTo("2026-12-06 08:00:00"); // UTC+8
        assertThat(v.replicas()).extracting(ServiceView.ReplicaView::instance)
                .containsExactly("monitoring-service-1", "monitoring-service-2");
        assertThat(v.replicas().get(0).answering()).isTrue();
        assertThat(v.consumers()).extracting(ServiceView.ConsumerView::behind).containsExactly(true, false);
        assertThat(v.deadLetters().get(0).any()).isTrue();
        assertThat(v.deadLetters().get(0).latest().get(0).time()).isEqualTo("2026-12-06 07:59:00");
        assertThat(v.outbox().unpublished()).isEqualTo(4);
        assertThat(v.needsAttention()).isTrue();
    }

    @Test
    void aRefusedStatusShowsTheProblemAndNeedsAttention() {
        ServiceView v = ServiceView.of("identity-service", new ApiAnswer(403,
                Map.of("code", "insufficient-scope", "detail", "令牌无此权限"), List.of()));
        assertThat(v.answered()).isFalse();
        assertThat(v.problem()).isEqualTo("insufficient-scope:令牌无此权限");
        assertThat(v.needsAttention()).isTrue();
    }
}
