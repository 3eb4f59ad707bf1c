package org.onestop.monitoring.warning.web;

import org.springframework.http.HttpStatus;

/**
 * A request refused, answered by {@link ProblemHandler} as problem details {@code /problems/<code>} with {@code code}
 * and, where one input is at fault, {@code field} naming it (the shape every service of the suite answers).
 */
final class Refused extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;

    Refused(HttpStatus status, String code, String detail, String field) {
        super(detail);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** 400 {@code invalid-parameter}: the query parameter or body field {@code field} is wrong. */
    static Refused badRequest(String field, String detail) {
        return new Refused(HttpStatus.BAD_REQUEST, "invalid-parameter", detail, field);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }
}
