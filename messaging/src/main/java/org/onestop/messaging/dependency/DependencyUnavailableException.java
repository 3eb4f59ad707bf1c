package org.onestop.messaging.dependency;

/** A request's deadline passed while it waited for PostgreSQL or Kafka. */
public class DependencyUnavailableException extends RuntimeException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
