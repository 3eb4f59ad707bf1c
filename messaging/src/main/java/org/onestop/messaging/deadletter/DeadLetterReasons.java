package org.onestop.messaging.deadletter;

import java.util.Optional;
import java.util.function.Function;

/**
 * The pluggable part of dead-lettering: what {@code x-dlq-reason} says for a failure. A reason is a short code
 * naming the field or the cause ({@code dischargeDate:policy-not-in-force}), never personal data and never an
 * exception message, which may quote the record.
 *
 * <p>A service composes its mapping from its own exceptions:
 * {@code DeadLetterReasons.when(InvalidRequestException.class, e -> e.field() + ":" + e.code()).or(...)
 * .otherwise(DeadLetterReasons::unexpected)}.
 */
@FunctionalInterface
public interface DeadLetterReasons {

    /** The reason for {@code failure}, or empty when this mapping does not know it. */
    Optional<String> reasonOf(Throwable failure);

    /** A mapping for failures caused (anywhere in the cause chain) by a {@code type}. */
    static <E extends Throwable> DeadLetterReasons when(Class<E> type, Function<? super E, String> reason) {
        return failure -> {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return Optional.of(reason.apply(type.cast(t)));
                }
            }
            return Optional.empty();
        };
    }

    /** This mapping, else {@code next}. */
    default DeadLetterReasons or(DeadLetterReasons next) {
        return failure -> {
            Optional<String> mine = reasonOf(failure);
            return mine.isPresent() ? mine : next.reasonOf(failure);
        };
    }

    /** This mapping, else {@code fallback} on the innermost cause: a reason for every failure. */
    default Total otherwise(Function<Throwable, String> fallback) {
        return failure -> reasonOf(failure).orElseGet(() -> fallback.apply(rootCause(failure)));
    }

    /** The default fallback: {@code unexpected:<class of the innermost cause>}. */
    static String unexpected(Throwable rootCause) {
        return "unexpected:" + rootCause.getClass().getSimpleName();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** A mapping with a reason for every failure, as the sender and the error handler need. */
    @FunctionalInterface
    interface Total {

        String reasonOf(Throwable failure);
    }
}
