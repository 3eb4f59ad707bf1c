package org.onestop.settlement.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.onestop.infra.embedded.EmbeddedKafka;
import org.onestop.infra.embedded.EmbeddedPostgres;

/**
 * The benchmarks' broker and database: the embedded PostgreSQL and Kafka of {@code onestop-embedded} on given ports
 * and directory, with the {@code settlement} database and 6-partition topics. Runs until killed; kept apart from the
 * launcher so a benchmark never takes the suite's fixed ports.
 *
 * <pre>{@code
 * ./mvnw -q -pl infra/embedded dependency:build-classpath -Dmdep.outputFile=/tmp/emb-cp.txt
 * java -cp "$(cat /tmp/emb-cp.txt):infra/embedded/target/classes" \
 *   settlement-service/src/bench/java/org/onestop/settlement/bench/BenchInfrastructure.java /tmp/settle-bench 35433 39092
 * }</pre>
 */
public final class BenchInfrastructure {

    public static void main(String[] a) throws Exception {
        Path base = Path.of(a[0]);
        int pgPort = Integer.parseInt(a[1]);
        int kafkaPort = Integer.parseInt(a[2]);
        Files.createDirectories(base);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(base.resolve("pg")).port(pgPort).logFile(base.resolve("pg.log")).start();
        pg.ensureDatabase("settlement");
        EmbeddedKafka k = EmbeddedKafka.builder().logDirectory(base.resolve("kafka")).port(kafkaPort).controllerPort(kafkaPort + 1).start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", k.bootstrapServers()))) {
            for (String topic : List.of("discharge.submitted.v1", "settlement.completed.v1", "identity.changed.v1")) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
                } catch (Exception e) {
                    System.out.println("topic " + topic + ": " + e);
                }
            }
        }
        System.out.println("READY pg=" + pg.port() + " kafka=" + k.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            k.close();
            pg.close();
        }));
        Thread.currentThread().join();
    }
}
