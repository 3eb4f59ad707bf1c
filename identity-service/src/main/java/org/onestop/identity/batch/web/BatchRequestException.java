package org.onestop.identity.batch.web;

import java.util.Map;
import org.onestop.events.FreeText;
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

    /**
     * A text field a partner typed is refused: it holds an ID-number-shaped string (it would be stored and published
     * as typed) or a NUL character (PostgreSQL refuses it). {@code field} names it, e.g. {@code records[2].name}.
     */
    static BatchRequestException freeText(String field, FreeText.Problem problem) {
        String code = problem == FreeText.Problem.NUL ? "nul-character" : "id-number-in-free-text";
        return new BatchRequestException(HttpStatus.BAD_REQUEST, code,
                problem.chinese() + " (" + field + ": " + (problem == FreeText.Problem.NUL
                        ? "U+0000 is not allowed in text" : "must not contain an ID number; use a reference of your own")
                        + ")", Map.of("field", field));
    }

    /** {@code value} of a free-text {@code field} unless {@link FreeText} refuses it; null stays null. */
    static String checkedFreeText(String field, String value) {
        FreeText.check(value).ifPresent(problem -> {
            throw freeText(field, problem);
        });
        return value;
    }

    /** {@code value} of a coded field (dates, codes, ID numbers: checked later) unless it holds NUL. */
    static String checkedNoNul(String field, String value) {
        if (FreeText.containsNul(value)) {
            throw freeText(field, FreeText.Problem.NUL);
        }
        return value;
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
