package org.onestop.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One deployable service as the launcher runs it.
 *
 * @param name      also the log file name and the consumer group id by convention
 * @param moduleDir Maven module directory, relative to the project root
 * @param port      HTTP port ({@code SERVER_PORT})
 * @param database  its own database on the shared PostgreSQL server
 */
record ServiceDefinition(String name, String moduleDir, int port, String database) {

    ServiceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(moduleDir, "moduleDir");
        Objects.requireNonNull(database, "database");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Port of " + name + " must be 1..65535, was " + port);
        }
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
