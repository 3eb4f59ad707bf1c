package org.onestop.messaging.limit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ContentTooLargeException;

/**
 * A body over the codecs' in-memory limit ({@code spring.http.codecs.max-in-memory-size}, Spring's default 256 KB):
 * the {@link PayloadTooLarge} problem naming that limit, instead of the framework's bare 413. Ordered first, so a
 * service's own catch-all (or its handling of {@code ServerWebInputException}, whose cause this is) never sees it;
 * Spring matches an {@code @ExceptionHandler} against the exception's causes too. A service imports it with
 * {@code @Import(PayloadTooLargeAdvice.class)}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PayloadTooLargeAdvice {

    private final long limitBytes;

    public PayloadTooLargeAdvice(@Value("${spring.http.codecs.max-in-memory-size:256KB}") DataSize limit) {
        this.limitBytes = limit.toBytes();
    }

    @ExceptionHandler({ContentTooLargeException.class, DataBufferLimitException.class})
    ResponseEntity<ProblemDetail> tooLarge(Exception e) {
        return PayloadTooLarge.response(limitBytes);
    }
}
