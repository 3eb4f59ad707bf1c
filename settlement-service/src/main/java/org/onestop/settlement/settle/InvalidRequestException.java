package org.onestop.settlement.settle;

/**
 * A request or record that cannot be settled as given: names the field, a stable reason code (used as the
 * dead-letter reason on the bulk path) and a message that never contains an ID number.
 */
public class InvalidRequestException extends RuntimeException {

    private final String field;
    private final String code;

    public InvalidRequestException(String field, String code, String message) {
        super(message);
        this.field = field;
        this.code = code;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
