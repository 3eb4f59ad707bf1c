package org.onestop.infra.embedded;

import java.nio.file.Path;

/** Test servers as the embedded broker and database, in temporary directories deleted when they stop. */
final class EmbeddedServers {

    private EmbeddedServers() {
    }

    static RunningKafka startKafka() {
        Path dir = TemporaryDirectories.create("onestop-test-kafka-");
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
        return new RunningKafka(kafka.bootstrapServers(), () -> {
            kafka.close();
            TemporaryDirectories.deleteQuietly(dir);
        });
    }

    static RunningPostgres startPostgres() {
        Path dir = TemporaryDirectories.create("onestop-test-postgres-");
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dir, 0);
        return new RunningPostgres("localhost", postgres.port(), postgres.username(), postgres.password(), () -> {
            postgres.close();
            TemporaryDirectories.deleteQuietly(dir);
        });
    }
}
