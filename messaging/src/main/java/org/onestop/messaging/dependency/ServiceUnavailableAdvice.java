package org.onestop.messaging.dependency;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers {@link ServiceUnavailable} for a failure that {@link DependencyFailures} recognises (also as a cause), before
 * a service's own advice, whose catch-all would otherwise make it a 500. Ordered first; a service imports it with
 * {@code @Import(ServiceUnavailableAdvice.class)} or declares it as a bean.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ServiceUnavailableAdvice {

    private static final Logger log = LoggerFactory.getLogger(ServiceUnavailableAdvice.class);

    private final DependencyDeadlines deadlines;

    public ServiceUnavailableAdvice(DependencyDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    // the same list as DependencyFailures.TYPES (an annotation needs constants); Kafka's TimeoutException is named in
    // full because it shares its simple name with the JDK's
    @ExceptionHandler({DependencyUnavailableException.class, TimeoutException.class, R2dbcTimeoutException.class,
            R2dbcTransientResourceException.class, R2dbcNonTransientResourceException.class, QueryTimeoutException.class,
            DataAccessResourceFailureException.class, TransientDataAccessResourceException.class, ConnectException.class,
            org.apache.kafka.common.errors.TimeoutException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        // the class names only: a driver's message may quote a statement's parameters
        log.warn("dependency unavailable: {}{}", e.getClass().getName(),
                e.getCause() == null ? "" : " (" + e.getCause().getClass().getName() + ")");
        return ServiceUnavailable.response(deadlines);
    }
}
