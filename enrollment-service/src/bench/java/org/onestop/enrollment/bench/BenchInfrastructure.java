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
        EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(base.resolve("pg")).port(pgPort).logFile(base.resolve("pg.log")).start();
        pg.ensureDatabase("enrollment");
        EmbeddedKafka k = EmbeddedKafka.builder().logDirectory(base.resolve("kafka")).port(kPort).controllerPort(kPort + 1).start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", k.bootstrapServers()))) {
            for (String t : List.of("identity.changed.v1", "enrollment.subsidy.v1", "identity.changed.v1.enrollment-service.dlq")) {
                try { admin.createTopics(List.of(new NewTopic(t, 6, (short) 1))).all().get(); } catch (Exception e) { System.out.println("topic " + t + ": " + e); }
            }
        }
        System.out.println("READY pg=" + pg.port() + " kafka=" + k.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { k.close(); pg.close(); }));
        Thread.currentThread().join();
    }
}
