package org.onestop.monitoring.messaging;

/** A record that no retry can fix: dead-lettered at once with {@link #reason()} in {@code x-dlq-reason}. */
class UnprocessableEventException extends RuntimeException {

    private final String reason;

    UnprocessableEventException(String reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** A reason code, never personal data. */
    String reason() {
        return reason;
    }
}
