package org.onestop.launcher;

import java.util.List;

/** What the launcher runs, in start order, with the ports and databases of the project's port plan. */
final class Services {

    /** The gateway's port: every service fetches the internal tokens' public keys from it. */
    static final int GATEWAY_PORT = 8080;

    /** Started in this order; a service whose jar is not built is skipped with a message. */
    static final List<ServiceDefinition> ALL = List.of(
            new ServiceDefinition("identity-service", "identity-service", 8081, "identity"),
            new ServiceDefinition("settlement-service", "settlement-service", 8082, "settlement"),
            new ServiceDefinition("enrollment-service", "enrollment-service", 8083, "enrollment"),
            new ServiceDefinition("monitoring-service", "monitoring-service", 8084, "monitoring"),
            new ServiceDefinition("gateway", "gateway", GATEWAY_PORT, "gateway")
            // settlement-service 8082 settlement, enrollment-service 8083 enrollment, monitoring-service 8084 monitoring,
            // and gateway 8080 gateway join here, one line each, as their modules land.
    );

    /** One database per service, created even before its service exists so the server's layout never changes. */
    static final List<String> DATABASES = List.of("identity", "settlement", "enrollment", "monitoring", "gateway");

    private Services() {
    }
}
