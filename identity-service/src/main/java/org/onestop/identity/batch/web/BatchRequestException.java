package org.onestop.identity.batch.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request-level problem (400/413): answered as problem details, nothing stored. */
final class BatchRequestException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties;

    BatchRequestException(HttpStatus status, String code, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.code = code;
        this.properties = properties;
    }

    static BatchRequestException badRequest(String code, String detail) {
        return new BatchRequestException(HttpStatus.BAD_REQUEST, code, detail, Map.of());
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, Object> properties() {
        return properties;
    }
}
