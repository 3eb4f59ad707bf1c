package org.onestop.infra.embedded;

import java.nio.file.Path;
import java.util.Map;

/** Test servers as the embedded broker and database, in temporary directories deleted when they stop. */
final class EmbeddedServers {

    private EmbeddedServers() {
    }

    static RunningKafka startKafka(String adminPassword, Map<String, String> passwords) {
        Path dir = TemporaryDirectories.create("onestop-test-kafka-");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0, adminPassword);
        return new RunningKafka(kafka.bootstrapServers(), kafka.adminClientProperties(), passwords, () -> {
            kafka.close();
            TemporaryDirectories.deleteQuietly(dir);
        });
    }

    static RunningPostgres startPostgres(String superuserPassword) {
        Path dir = TemporaryDirectories.create("onestop-test-postgres-");
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dir, 0, superuserPassword);
        return new RunningPostgres("localhost", postgres.port(), postgres.username(), postgres.password(), () -> {
            postgres.close();
            TemporaryDirectories.deleteQuietly(dir);
        }, postgres);
    }
}
