package org.onestop.events;

import java.util.regex.Pattern;

/**
 * A person's pseudonymous reference: lowercase hex HMAC-SHA256 (64 characters) of the upper-cased
 * 18-character ID number under the deployment secret. The only person key on topics, in logs and in metrics.
 */
public record PersonRef(String value) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public PersonRef {
        if (value == null || !HEX64.matcher(value).matches()) {
            throw new IllegalArgumentException("personRef must be 64 lowercase hex characters");
        }
    }

    public static PersonRef of(String value) {
        return new PersonRef(value);
    }

    /** True when {@code value} has the form of a person reference. */
    public static boolean isValid(String value) {
        return value != null && HEX64.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
