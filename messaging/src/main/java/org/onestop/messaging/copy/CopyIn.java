package org.onestop.messaging.copy;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Streams {@link CopyText} rows into PostgreSQL with {@code COPY … FROM STDIN} on the caller's transaction. */
public final class CopyIn {

    private CopyIn() {
    }

    /**
     * Runs {@code sql} (a {@code COPY … FROM STDIN} in text format) with {@code rows} on the connection of the current
     * transaction (or a fresh one outside a transaction); nothing when {@code rows} is empty.
     */
    public static Mono<Void> copy(DatabaseClient db, String sql, CopyText rows) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return db.inConnection(connection -> postgres(connection).copyIn(sql, Mono.fromSupplier(rows::toByteBuf)))
                .then();
    }

    /** The PostgreSQL connection behind Spring's transaction-bound proxy and the pool's wrapper. */
    static PostgresqlConnection postgres(Connection connection) {
        Object c = connection;
        for (int depth = 0; depth < 8; depth++) {
            if (c instanceof PostgresqlConnection pg) {
                return pg;
            }
            if (!(c instanceof Wrapped<?> wrapped)) {
                break;
            }
            c = wrapped.unwrap();
        }
        throw new IllegalStateException("not a PostgreSQL R2DBC connection: " + connection.getClass().getName());
    }
}
