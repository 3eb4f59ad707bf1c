package org.onestop.settlement.settle.web;

import java.net.URI;
import java.util.Collection;
import org.onestop.events.Caller;
import org.onestop.policy.InvalidDischargeException;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.settlement.access.AccessDeniedException;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.NotFoundException;
import org.onestop.settlement.settle.SettlementConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error as RFC 9457 problem details: {@code type} = {@code /problems/<code>}, plus {@code code} and, where one
 * field is at fault, {@code field}. Nothing is stored when a problem is answered (the transaction rolls back).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-" + e.code(), e.getMessage(), e.field()));
    }

    @ExceptionHandler(InvalidDischargeException.class)
    ResponseEntity<ProblemDetail> inconsistent(InvalidDischargeException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "inconsistent-discharge",
                "出院结算数据不一致 (" + e.getMessage() + ")", e.field()));
    }

    @ExceptionHandler(PolicyNotInForceException.class)
    ResponseEntity<ProblemDetail> notInForce(PolicyNotInForceException e) {
        return ResponseEntity.status(422).body(problem(HttpStatusCode.valueOf(422), "policy-not-in-force",
                "该日期无有效政策 (" + e.getMessage() + ")", "dischargeDate"));
    }

    @ExceptionHandler(SettlementConflictException.class)
    ResponseEntity<ProblemDetail> conflict(SettlementConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(HttpStatus.CONFLICT, "settlement-conflict", e.getMessage(), e.field()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), null));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem(HttpStatus.FORBIDDEN, e.code(), e.getMessage(), null));
    }

    /** A token whose claims lack what this partner type needs (a hospital without its institution): refused. */
    @ExceptionHandler(Caller.InvalidCallerException.class)
    ResponseEntity<ProblemDetail> invalidCaller(Caller.InvalidCallerException e) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-caller",
                "调用方标识无效 (the caller claims are invalid: " + e.getMessage() + ")", null));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex, HttpHeaders headers,
                                                                         HttpStatusCode status, ServerWebExchange exchange) {
        // a JSON value of the wrong type ("referred":"yes", "bedDays":"ten") names its field and the type expected; the
        // value itself is never echoed (it may be an ID number), nor Jackson's message, which quotes it
        MismatchedInputException mismatch = causeOf(ex, MismatchedInputException.class);
        String field = mismatch == null ? null : path(mismatch);
        if (field != null) {
            String[] expected = expected(mismatch.getTargetType());
            return Mono.just(ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-json-type",
                    "字段 " + field + " 的JSON类型错误，应为" + expected[0] + " (" + field + " has the wrong JSON type: expected "
                            + expected[1] + ")", field)));
        }
        // the framework's reason only: the body may hold an ID number and is never echoed
        String reason = ex.getReason() == null ? "invalid input" : ex.getReason();
        return Mono.just(ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "请求格式错误 (the body could not be read: " + reason + ")", null)));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error ({})", e.getClass().getName(), e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "服务内部错误,未保存任何数据 (internal error; nothing was stored, the request may be retried)", null));
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code upstream.hifpPay}, {@code [2].bedDays}: the JSON path of the value, as the request's field names. */
    private static String path(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    /** The expected JSON type in Chinese and English. */
    private static String[] expected(Class<?> target) {
        if (target == null) {
            return new String[] {"其他类型", "another type"};
        }
        if (target == Boolean.class || target == boolean.class) {
            return new String[] {"布尔值 true/false", "a boolean, true or false"};
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return new String[] {"整数", "an integer"};
        }
        if (target == String.class) {
            return new String[] {"字符串或数字", "a string or a number"};
        }
        if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            return new String[] {"数组", "an array"};
        }
        return new String[] {"JSON对象", "an object"};
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
