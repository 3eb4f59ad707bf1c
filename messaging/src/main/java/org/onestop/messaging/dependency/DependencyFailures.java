package org.onestop.messaging.dependency;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Which failures mean "a dependency did not answer" (a 503, worth a retry later) rather than "this request is wrong"
 * (4xx) or "we have a bug" (500): a missed deadline, a pool that gave no connection in time, a connection refused or
 * lost, Kafka's own timeout. Anywhere in the cause chain, because Spring and the drivers wrap each other.
 */
public final class DependencyFailures {

    private DependencyFailures() {
    }

    /** The exception types {@link #isUnavailable(Throwable)} recognises, for {@code @ExceptionHandler}. */
    static final Class<?>[] TYPES = {DependencyUnavailableException.class, TimeoutException.class,
            R2dbcTimeoutException.class, R2dbcTransientResourceException.class, R2dbcNonTransientResourceException.class,
            QueryTimeoutException.class, DataAccessResourceFailureException.class,
            TransientDataAccessResourceException.class, ConnectException.class,
            org.apache.kafka.common.errors.TimeoutException.class};

    public static boolean isUnavailable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            for (Class<?> type : TYPES) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
        }
        return false;
    }
}
