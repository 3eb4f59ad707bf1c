package org.onestop.bench;

import java.util.Arrays;
import org.flywaydb.core.Flyway;

/**
 * Gives a scratch database a service's schema by running that service's own migration files (the same locations its
 * application.yml names, read from the source tree: {@code filesystem:settlement-service/src/main/resources/db/migration}
 * and {@code filesystem:messaging/src/main/resources/db/messaging}), so a ceiling runs the same statements against the
 * same tables and indexes as the service, on a database no outbox relay reads (issue 17). Prints {@code migrations=…}.
 */
final class ScratchSchema {

    private ScratchSchema() {
    }

    static void main(String[] args) {
        String[] locations = Arrays.stream(Arrays.copyOfRange(args, 3, args.length)).map(l -> "filesystem:" + l).toArray(String[]::new);
        var result = Flyway.configure().dataSource(args[0], args[1], args[2]).locations(locations).load().migrate();
        System.out.println("migrations=" + result.migrationsExecuted);
    }
}
