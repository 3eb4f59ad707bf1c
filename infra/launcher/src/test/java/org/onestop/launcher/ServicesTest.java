package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ServicesTest {

    @Test
    void runsIdentityServiceFromItsBuiltJarOnPort8081WithTheIdentityDatabase() {
        ServiceDefinition identity = Services.ALL.get(0);

        assertThat(identity.name()).isEqualTo("identity-service");
        assertThat(identity.port()).isEqualTo(8081);
        assertThat(identity.database()).isEqualTo("identity");
        assertThat(identity.jar(Path.of("/repo"))).isEqualTo(Path.of("/repo/identity-service/target/identity-service.jar"));
        assertThat(identity.readinessUrl()).isEqualTo("http://localhost:8081/actuator/health/readiness");
    }

    @Test
    void everyServiceHasItsOwnPortAndAKnownDatabase() {
        assertThat(Services.ALL).extracting(ServiceDefinition::port).doesNotHaveDuplicates();
        assertThat(Services.ALL.stream().filter(ServiceDefinition::backend)).extracting(ServiceDefinition::database)
                .doesNotHaveDuplicates().isSubsetOf(Services.DATABASES);
    }

    @Test
    void runsTheConsoleOnPort8085AsAClientOfTheGatewayWithNoDatabase() {
        ServiceDefinition console = Services.ALL.stream().filter(s -> s.name().equals("console")).findFirst().orElseThrow();

        assertThat(console.port()).isEqualTo(8085);
        assertThat(console.backend()).isFalse();
        assertThat(console.jar(Path.of("/repo"))).isEqualTo(Path.of("/repo/console/target/console.jar"));
        assertThat(ServiceEnvironment.gatewayClient(console.replica(1, 20_000), 28080, "key",
                Services.instances(Services.ALL, 1, 20_000))).containsExactly(
                Map.entry("SERVER_PORT", "28085"), Map.entry("ONESTOP_INSTANCE_ID", "console-1"),
                Map.entry("ONESTOP_CONSOLE_GATEWAY_URI", "http://127.0.0.1:28080"),
                Map.entry("ONESTOP_CONSOLE_SESSION_KEY", "key"),
                Map.entry("ONESTOP_CONSOLE_PEERS", "http://127.0.0.1:28085"));
    }

    @Test
    void everyConsoleReplicaGetsTheSameSessionKeyAndEveryReplicaAsItsPeers() {
        List<ServiceDefinition> instances = Services.instances(Services.ALL, 2, 0);
        ServiceDefinition second = instances.stream().filter(s -> s.instanceId().equals("console-2")).findFirst().orElseThrow();

        Map<String, String> env = ServiceEnvironment.gatewayClient(second, 8080, "the-shared-key", instances);
        assertThat(env).containsEntry("SERVER_PORT", "8185").containsEntry("ONESTOP_INSTANCE_ID", "console-2")
                .containsEntry("ONESTOP_CONSOLE_SESSION_KEY", "the-shared-key")
                .containsEntry("ONESTOP_CONSOLE_PEERS", "http://127.0.0.1:8085,http://127.0.0.1:8185");
    }

    @Test
    void runsEachServiceAndTheConsoleNTimesWithReplicaNAHundredPortsAboveTheFirstAndEveryPortShiftedByTheOffset() {
        assertThat(Services.instances(Services.ALL, 2, 0)).extracting(ServiceDefinition::instanceId, ServiceDefinition::port)
                .containsExactly(tuple("identity-service-1", 8081), tuple("identity-service-2", 8181),
                        tuple("settlement-service-1", 8082), tuple("settlement-service-2", 8182),
                        tuple("enrollment-service-1", 8083), tuple("enrollment-service-2", 8183),
                        tuple("monitoring-service-1", 8084), tuple("monitoring-service-2", 8184),
                        tuple("gateway-1", 8080), tuple("gateway-2", 8180),
                        tuple("console-1", 8085), tuple("console-2", 8185));
        assertThat(Services.instances(Services.ALL, 1, 20_000)).extracting(ServiceDefinition::port)
                .containsExactly(28081, 28082, 28083, 28084, 28080, 28085);
    }

    @Test
    void theFirstReplicaKeepsTheServicesNameOnTheConsoleAndInItsLogFileOthersTheirInstanceId() {
        LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of(), Path.of("/repo"));
        ServiceDefinition identity = Services.ALL.get(0);

        assertThat(settings.logFile(identity.replica(1, 0))).isEqualTo(Path.of("/repo/.data/logs/identity-service.log"));
        assertThat(settings.logFile(identity.replica(3, 0))).isEqualTo(Path.of("/repo/.data/logs/identity-service-3.log"));
    }
}
