package org.onestop.console.clerk;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference the console proposes for a correction: identity-service refuses other content under a used reference
 * ({@code 409 batch-content-differs}) and takes a correction as a new batch under a new reference (docs/identity-api.md
 * "Corrections"). {@code 晋民2024Q1} → {@code 晋民2024Q1-更正1}, {@code …-更正1} → {@code …-更正2}.
 */
final class Corrections {

    private static final Pattern NUMBERED = Pattern.compile("(.*)-更正(\\d{1,6})");

    private Corrections() {
    }

    static String nextReference(String reference) {
        String r = reference == null ? "" : reference.strip();
        Matcher m = NUMBERED.matcher(r);
        if (m.matches()) {
            return m.group(1) + "-更正" + (Integer.parseInt(m.group(2)) + 1);
        }
        return r + "-更正1";
    }
}
