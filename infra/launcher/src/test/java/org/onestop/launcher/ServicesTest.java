package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

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
        assertThat(Services.ALL).extracting(ServiceDefinition::database).doesNotHaveDuplicates().isSubsetOf(Services.DATABASES);
    }
}
