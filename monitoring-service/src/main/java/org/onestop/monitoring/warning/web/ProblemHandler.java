package org.onestop.monitoring.warning.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Every refused request as RFC 9457 problem details, in the suite's one shape (settlement, identity and enrollment
 * answer the same): {@code type} = {@code /problems/<code>}, a {@code code} property and, where one input is at fault,
 * {@code field} naming it. Bodies are never echoed (a note may hold what it must not).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(Refused.class)
    ResponseEntity<ProblemDetail> refused(Refused e) {
        return ResponseEntity.status(e.status()).body(problem(e.status(), e.code(), e.getMessage(), e.field()));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        // an unreadable body, a path id that is not a UUID, a number that is not one: the framework's reason only
        MethodParameter parameter = ex.getMethodParameter();
        String field = parameter == null ? null : parameter.getParameterName();
        String reason = ex.getReason() == null ? "invalid input" : ex.getReason();
        return Mono.just(ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "请求格式错误 (the request could not be read: " + reason + ")", field)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error ({})", e.getClass().getName(), e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "服务内部错误 (internal error; nothing was stored, the request may be retried)", null));
    }

    static ProblemDetail problem(HttpStatusCode status, String code, String detail, String field) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("/problems/" + code));
        p.setProperty("code", code);
        if (field != null) {
            p.setProperty("field", field);
        }
        return p;
    }
}
