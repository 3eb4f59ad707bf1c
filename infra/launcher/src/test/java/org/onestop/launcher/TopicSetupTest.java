package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicSetupTest {

    @Test
    void createsTheFiveEventTopicsThenADeadLetterTopicPerConsumerGroup() {
        assertThat(TopicSetup.all()).containsExactly(
                "identity.changed.v1",
                "discharge.submitted.v1",
                "settlement.completed.v1",
                "enrollment.subsidy.v1",
                "monitoring.alert.v1",
                "identity.changed.v1.enrollment-service.dlq",
                "identity.changed.v1.monitoring-service.dlq",
                "identity.changed.v1.settlement-service.dlq",
                "discharge.submitted.v1.settlement-service.dlq",
                "settlement.completed.v1.enrollment-service.dlq",
                "settlement.completed.v1.monitoring-service.dlq");
    }
}
