package org.onestop.settlement.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.onestop.infra.embedded.EmbeddedKafka;
import org.onestop.infra.embedded.EmbeddedPostgres;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.PostgresDatabases;

/**
 * The benchmarks' broker and database: the embedded PostgreSQL and Kafka of {@code onestop-embedded} on given ports
 * and directory, with the {@code settlement} database and 6-partition topics. Runs until killed; kept apart from the
 * launcher so a benchmark never takes the suite's fixed ports.
 *
 * <pre>{@code
 * ./mvnw -q -pl infra/embedded dependency:build-classpath -Dmdep.outputFile=/tmp/emb-cp.txt
 * java -cp "$(cat /tmp/emb-cp.txt):infra/embedded/target/classes" \
 *   settlement-service/src/bench/java/org/onestop/settlement/bench/BenchInfrastructure.java /tmp/settle-bench 35433 39092 \
 *   [settlement enrollment monitoring]
 * }</pre>
 *
 * <p>It also writes {@code <dir>/secrets/kafka-<principal>.password} (and {@code kafka-admin.password}) for the
 * drivers of {@code infra/bench}, which read a launcher-style secrets directory, and prints the super user's
 * listener as {@code admin=…}.
 */
public final class BenchInfrastructure {

    public static void main(String[] a) throws Exception {
        Path base = Path.of(a[0]);
        int pgPort = Integer.parseInt(a[1]);
        int kafkaPort = Integer.parseInt(a[2]);
        Files.createDirectories(base);
        // One throwaway password for every principal and role of this bench cluster, printed for the driver
        // (ONESTOP_KAFKA_PASSWORD, ONESTOP_DB_PASSWORD, -Dbench.kafka.password); the suite's own secrets are never used here.
        String secret = "bench-" + UUID.randomUUID();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().dataDirectory(base.resolve("pg")).port(pgPort).logFile(base.resolve("pg.log"))
                .superuserPassword(secret).start();
        List<String> databases = a.length > 3 ? List.of(a).subList(3, a.length) : List.of("settlement");
        for (String db : databases) {
            PostgresDatabases.ensureOwned(pg.jdbcUrl("postgres"), pg.username(), pg.password(), db, db, secret);
        }
        EmbeddedKafka k = EmbeddedKafka.builder().logDirectory(base.resolve("kafka")).port(kafkaPort).controllerPort(kafkaPort + 1).adminPassword(secret).start();
        try (Admin admin = Admin.create(k.adminClientProperties())) {
            Map<String, String> passwords = new HashMap<>();
            KafkaAccess.PRINCIPALS.forEach(principal -> passwords.put(principal, secret));
            KafkaAccess.apply(admin, passwords, 6); // the suite's topics and ACLs
        }
        Path secrets = Files.createDirectories(base.resolve("secrets"));
        for (String principal : KafkaAccess.PRINCIPALS) {
            Files.writeString(secrets.resolve("kafka-" + principal + ".password"), secret);
        }
        Files.writeString(secrets.resolve("kafka-" + KafkaAccess.ADMIN + ".password"), secret);
        System.out.println("READY pg=" + pg.port() + " kafka=" + k.bootstrapServers() + " admin=" + k.adminBootstrapServers()
                + " secret=" + secret);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            k.close();
            pg.close();
        }));
        Thread.currentThread().join();
    }
}
