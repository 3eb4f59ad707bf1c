package org.onestop.launcher;

import java.util.ArrayList;
import java.util.List;

/** What the launcher runs, with the ports and databases of the project's port plan. */
final class Services {

    /** The gateway's port: every service fetches the internal tokens' public keys from it. */
    static final int GATEWAY_PORT = 8080;

    /**
     * Listed (URL table, logs) in this order, but started together: no service needs another to start. A service whose
     * jar is not built is skipped with a message.
     */
    static final List<ServiceDefinition> ALL = List.of(
            new ServiceDefinition("identity-service", "identity-service", 8081, "identity"),
            new ServiceDefinition("settlement-service", "settlement-service", 8082, "settlement"),
            new ServiceDefinition("enrollment-service", "enrollment-service", 8083, "enrollment"),
            new ServiceDefinition("monitoring-service", "monitoring-service", 8084, "monitoring"),
            new ServiceDefinition("gateway", "gateway", GATEWAY_PORT, "gateway"),
            // the partners' web console: a client of the gateway, no database (docs/console.md)
            new ServiceDefinition("console", "console", 8085, null)
    );

    /** One database per service, created even before its service exists so the server's layout never changes. */
    static final List<String> DATABASES = List.of("identity", "settlement", "enrollment", "monitoring", "gateway");

    /**
     * Every replica the launcher runs: for each service in {@link #ALL}'s order, replicas 1..{@code replicas} (the console
     * too: its sessions live in a sealed cookie, docs/console.md "Replicas"), with their ports shifted by
     * {@code portOffset} (replica n: + 100 × (n − 1)).
     */
    static List<ServiceDefinition> instances(List<ServiceDefinition> services, int replicas, int portOffset) {
        List<ServiceDefinition> instances = new ArrayList<>();
        for (ServiceDefinition service : services) {
            for (int n = 1; n <= replicas; n++) {
                instances.add(service.replica(n, portOffset));
            }
        }
        return List.copyOf(instances);
    }

    private Services() {
    }
}
