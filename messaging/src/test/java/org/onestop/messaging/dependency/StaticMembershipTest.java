package org.onestop.messaging.dependency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticMembershipTest {

    final DependencyDeadlines defaults = DependencyDeadlines.defaults();

    @Test
    void aReplicaWithAnInstanceIdJoinsEachBindingStaticallyUnderItsOwnIdWithTheShortSession() {
        StaticMembership membership = new StaticMembership(defaults, "settlement-service-1");
        Map<String, Object> discharges = new HashMap<>();
        Map<String, Object> identities = new HashMap<>();
        membership.configure(discharges, "dischargeSubmitted-in-0", "discharge.submitted.v1");
        membership.configure(identities, "identityChanged-in-0", "identity.changed.v1");
        // one id per binding (Spring Kafka then appends each consumer's -<n>), the group id stays the service name
        assertThat(discharges).containsEntry("group.instance.id", "settlement-service-1-dischargeSubmitted-in-0");
        assertThat(identities).containsEntry("group.instance.id", "settlement-service-1-identityChanged-in-0");
        // the defaults: a 10 s session (not Kafka's 45 s) with a heartbeat every 3 s
        assertThat(discharges).containsEntry("session.timeout.ms", 10_000).containsEntry("heartbeat.interval.ms", 3_000);
    }

    @Test
    void withoutAnInstanceIdMembershipStaysDynamicButTheSessionIsStillShort() {
        Map<String, Object> config = new HashMap<>();
        new StaticMembership(defaults, " ").configure(config, "identityChanged-in-0", "identity.changed.v1");
        assertThat(config).doesNotContainKey("group.instance.id").containsEntry("session.timeout.ms", 10_000);
    }

    @Test
    void aSessionTimeoutTheBindingSetsItselfIsKept() {
        Map<String, Object> config = new HashMap<>(Map.of("session.timeout.ms", 30_000));
        new StaticMembership(defaults, null).configure(config, "b", "t");
        assertThat(config).containsEntry("session.timeout.ms", 30_000);
    }

    @Test
    void anInstanceIdKafkaWouldRefuseIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new StaticMembership(defaults, "settlement service/1"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("instance-id");
    }
}
