package org.onestop.infra.embedded;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Test PostgreSQL as a Testcontainer (the image's superuser logs in with a password, scram-sha-256). Kafka always
 * runs as {@link EmbeddedKafka}, authenticated and with ACLs, also when Docker answers: the test suite must never
 * rely on an unauthenticated broker, and the image's listeners would need their own SASL set-up to match. Only
 * {@link TestInfrastructure} touches this class, and only after checking that Testcontainers is on the classpath, so
 * code without the optional Testcontainers jars never loads it.
 */
final class ContainerServers {

    // The same PostgreSQL major version as the embedded server.
    private static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private ContainerServers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static RunningPostgres startPostgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("postgres")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        postgres.start();
        return new RunningPostgres(postgres.getHost(), postgres.getMappedPort(5432), postgres.getUsername(), postgres.getPassword(),
                postgres::stop, null);
    }
}
