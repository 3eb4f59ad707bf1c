package org.onestop.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One deployable service, or one replica of it, as the launcher runs it.
 *
 * @param name      also the Kafka principal, the consumer group id by convention and the log file name
 * @param moduleDir Maven module directory, relative to the project root
 * @param port      HTTP port ({@code SERVER_PORT}) of this replica
 * @param database  its own database on the shared PostgreSQL server (shared by every replica); null for a client of the
 *                  gateway that has neither a database nor a Kafka principal (the console)
 * @param replica   1 for the first (or only) replica; replica n listens on the first one's port + 100 × (n − 1)
 */
record ServiceDefinition(String name, String moduleDir, int port, String database, int replica) {

    /** Replica n's port is the first replica's port plus this times (n − 1): 8081, 8181, 8281, ... */
    static final int REPLICA_PORT_STEP = 100;

    ServiceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(moduleDir, "moduleDir");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Port of " + name + " must be 1..65535, was " + port);
        }
        if (replica < 1) {
            throw new IllegalArgumentException("Replicas of " + name + " are numbered from 1, was " + replica);
        }
    }

    ServiceDefinition(String name, String moduleDir, int port, String database) {
        this(name, moduleDir, port, database, 1);
    }

    /** A service of the suite (database, broker, internal tokens), not a client of the gateway such as the console. */
    boolean backend() {
        return database != null;
    }

    /** Replica {@code n} of this (first) replica, its ports shifted by {@code portOffset} as well. */
    ServiceDefinition replica(int n, int portOffset) {
        return new ServiceDefinition(name, moduleDir, port + portOffset + REPLICA_PORT_STEP * (n - 1), database, n);
    }

    /** {@code ONESTOP_INSTANCE_ID}: {@code <name>-<replica>}, unique per replica and stable across restarts. */
    String instanceId() {
        return name + "-" + replica;
    }

    /** How the console and the log file name it: the service's name for the first replica, its instance id for others. */
    String label() {
        return replica == 1 ? name : instanceId();
    }

    /** {@code <moduleDir>/target/<moduleDir's last segment>.jar}: each app module sets its finalName to its artifactId. */
    Path jar(Path projectRoot) {
        Path module = projectRoot.resolve(moduleDir);
        return module.resolve("target").resolve(module.getFileName() + ".jar");
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    String healthUrl() {
        return baseUrl() + "/actuator/health";
    }

    String readinessUrl() {
        return baseUrl() + "/actuator/health/readiness";
    }

    String prometheusUrl() {
        return baseUrl() + "/actuator/prometheus";
    }
}
