package org.onestop.messaging.batch;

/**
 * A record that can never be processed as it stands (malformed, invalid, keyed by the wrong person): dead-lettered
 * with {@link #reason()} at once, never retried.
 */
public class UnreadableRecordException extends RuntimeException {

    private final String reason;

    /** @param reason the {@code x-dlq-reason} code: names the field or the rule, never personal data */
    public UnreadableRecordException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
