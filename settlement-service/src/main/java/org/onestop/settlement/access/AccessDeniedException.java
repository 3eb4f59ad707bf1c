package org.onestop.settlement.access;

/** The caller may not do this (403); {@code code} is the problem's code, the message its bilingual detail. */
public class AccessDeniedException extends RuntimeException {

    private final String code;

    AccessDeniedException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
