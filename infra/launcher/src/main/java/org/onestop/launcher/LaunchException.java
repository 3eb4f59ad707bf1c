package org.onestop.launcher;

/** A start-up failure whose message is meant for the person at the terminal (printed without a stack trace). */
final class LaunchException extends RuntimeException {

    LaunchException(String message) {
        super(message);
    }

    LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
