package org.onestop.gateway.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A refusal the gateway answers itself, as RFC 9457 problem details ({@code type} = {@code /problems/<code>}).
 * Throw it from any filter or handler; {@link ProblemExceptionHandler} writes it.
 *
 * @param detail shown to the partner: never contains request data (bodies, ID numbers)
 */
public final class Problem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String detail;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    private Problem(HttpStatus status, String code, String detail) {
        super(code, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public static Problem of(HttpStatus status, String code, String detail) {
        return new Problem(status, code, detail);
    }

    public Problem with(String name, Object value) {
        extra.put(name, value);
        return this;
    }

    public Problem header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
