package org.onestop.console.gateway;

import java.util.List;
import java.util.Map;

/**
 * One answer of the public API, read as JSON: a 2xx body, or a problem (RFC 9457: {@code code}, {@code detail}, and
 * the problem's own fields).
 *
 * @param status the HTTP status the gateway answered
 * @param body   the JSON object (an empty map when the body was empty or not an object)
 * @param list   the JSON array when the answer was one (else empty)
 */
public record ApiAnswer(int status, Map<String, Object> body, List<Object> list) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The problem's {@code code}, or null. */
    public String code() {
        Object code = body.get("code");
        return code == null ? null : code.toString();
    }

    /** The problem's {@code detail} (the services write it in Chinese first, English in parentheses). */
    public String detail() {
        Object detail = body.get("detail");
        return detail == null ? "服务返回 " + status : detail.toString();
    }

    public String text(String field) {
        Object value = body.get(field);
        return value == null ? null : value.toString();
    }
}
