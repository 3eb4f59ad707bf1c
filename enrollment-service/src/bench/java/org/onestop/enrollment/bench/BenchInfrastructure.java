package org.onestop.enrollment.bench;

import java.nio.file.*;
import java.util.*;
import org.onestop.infra.embedded.*;
import org.apache.kafka.clients.admin.*;

/**
 * The benchmark's broker and database: the embedded PostgreSQL and Kafka of {@code onestop-embedded} on given ports
 * and a given directory, with the {@code enrollment} database and 6-partition {@code identity.changed.v1},
 * {@code enrollment.subsidy.v1} and the service's dead-letter topic. Runs until killed. Kept apart from the launcher
 * so a benchmark never takes the suite's fixed ports (same as identity-service's bench infrastructure).
 *
 * <p>{@code java -cp "$(cat /tmp/enr-emb-cp.txt):infra/embedded/target/classes" -Dlogback.configurationFile=… BenchInfrastructure.java <dir> <pgPort> <kafkaPort>}
 */
public final class BenchInfrastructure {
    public static void main(String[] a) throws Exception {
        Path base = Path.of(a[0]);
        int pgPort = Integer.parseInt(a[1]), kPort = Integer.parseInt(a[2]);
        Files.createDirectories(base);
        // One throwaway password for every principal and role of this bench cluster, printed for the driver
        // (ONESTOP_KAFKA_PASSWORD, ONESTOP_DB_PASSWORD, -Dbench.kafka.password); the suite's own secrets are never used here.
        String secret = "bench-" + UUID.randomUUID();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(base.resolve("pg")).port(pgPort).logFile(base.resolve("pg.log"))
                .superuserPassword(secret).start();
        PostgresDatabases.ensureOwned(pg.jdbcUrl("postgres"), pg.username(), pg.password(), "enrollment", "enrollment", secret);
        EmbeddedKafka k = EmbeddedKafka.builder().logDirectory(base.resolve("kafka")).port(kPort).controllerPort(kPort + 1).adminPassword(secret).start();
        try (Admin admin = Admin.create(k.adminClientProperties())) {
            Map<String, String> passwords = new HashMap<>();
            KafkaAccess.PRINCIPALS.forEach(principal -> passwords.put(principal, secret));
            KafkaAccess.apply(admin, passwords, 6); // the suite's topics and ACLs
        }
        System.out.println("READY pg=" + pg.port() + " kafka=" + k.bootstrapServers() + " secret=" + secret);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { k.close(); pg.close(); }));
        Thread.currentThread().join();
    }
}
