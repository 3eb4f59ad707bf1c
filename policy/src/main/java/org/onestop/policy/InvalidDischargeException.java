package org.onestop.policy;

/** The discharge cannot be settled as given: names the field and what is wrong with it. */
public final class InvalidDischargeException extends RuntimeException {

    private final String field;

    public InvalidDischargeException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
