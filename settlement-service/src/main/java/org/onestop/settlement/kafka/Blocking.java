package org.onestop.settlement.kafka;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The one place a Kafka consumer waits for the reactive database. Deliberate: the binder's retries, dead letters
 * and offset commits work on the listener thread's outcome, so the consumer must return only once the transaction
 * has committed (or throw). The listener threads are the binder's own, never a Netty event loop.
 */
public final class Blocking {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Blocking() {
    }

    public static <T> T await(Mono<T> work) {
        return work.block(TIMEOUT);
    }
}
