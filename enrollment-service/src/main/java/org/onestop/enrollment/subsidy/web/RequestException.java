package org.onestop.enrollment.subsidy.web;

import org.springframework.http.HttpStatus;

/** A request this API refuses, with the problem code clients switch on. */
class RequestException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    RequestException(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    static RequestException badRequest(String code, String detail) {
        return new RequestException(HttpStatus.BAD_REQUEST, code, detail);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
