package org.onestop.messaging.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DeadLetterReasonsTest {

    static final class FieldInvalid extends RuntimeException {
        final String field;

        FieldInvalid(String field) {
            super("value in the record is invalid"); // a message may quote the record: never the reason
            this.field = field;
        }
    }

    static final class Conflict extends RuntimeException {
    }

    final DeadLetterReasons.Total reasons = DeadLetterReasons.when(FieldInvalid.class, e -> e.field + ":invalid")
            .or(DeadLetterReasons.when(Conflict.class, e -> "settlement-conflict"))
            .otherwise(DeadLetterReasons::unexpected);

    @Test
    void namesTheFieldOfAKnownFailureFoundAnywhereInTheCauseChain() {
        assertThat(reasons.reasonOf(new IllegalStateException("wrapped", new FieldInvalid("idNumber"))))
                .isEqualTo("idNumber:invalid");
    }

    @Test
    void triesTheMappingsInOrder() {
        assertThat(reasons.reasonOf(new Conflict())).isEqualTo("settlement-conflict");
    }

    @Test
    void namesTheInnermostCauseOfAnUnknownFailureWithoutItsMessage() {
        String reason = reasons.reasonOf(new IllegalStateException("boom", new UncheckedIOException(
                new IOException("connection to 10.0.0.1 reset"))));
        assertThat(reason).isEqualTo("unexpected:IOException");
    }
}
