package org.onestop.policy;

/** A policy parameter and where it comes from: a clause of the text, or {@code assumed ...}. */
public record Cited<T>(T value, String clause) {

    public boolean assumed() {
        return clause.startsWith("assumed");
    }
}
