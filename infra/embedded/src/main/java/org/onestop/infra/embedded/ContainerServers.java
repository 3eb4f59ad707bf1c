package org.onestop.infra.embedded;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Test servers as Testcontainers. Only {@link TestInfrastructure} touches this class, and only after checking that
 * Testcontainers is on the classpath, so code without the optional Testcontainers jars never loads it.
 */
final class ContainerServers {

    // The same Kafka and PostgreSQL major versions as the embedded servers.
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    private static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private ContainerServers() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static RunningKafka startKafka() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", "6")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        kafka.start();
        return new RunningKafka(kafka.getBootstrapServers(), kafka::stop);
    }

    static RunningPostgres startPostgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("postgres")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        postgres.start();
        return new RunningPostgres(postgres.getHost(), postgres.getMappedPort(5432), postgres.getUsername(), postgres.getPassword(),
                postgres::stop);
    }
}
