package org.onestop.messaging.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onestop.messaging.outbox.*}: how the relay of one service runs. A service enables it explicitly
 * ({@code @EnableConfigurationProperties(OutboxRelaySettings.class)}) beside its own properties.
 *
 * @param service      the service name the relay's metrics are tagged with ({@code service=<name>})
 * @param enabled      false to run without publishing (the events stay in the outbox, e.g. for a CDC connector)
 * @param batchSize    rows fetched and sent per round
 * @param pollInterval pause when the relay's partitions have nothing to send
 * @param leaseTtl     how long a lease outlives its holder's last renewal: a relay killed mid-pass is taken over
 *                     after at most this long; it must exceed one round (fetch, send, acknowledgement)
 */
@ConfigurationProperties("onestop.messaging.outbox")
public record OutboxRelaySettings(String service, @DefaultValue("true") boolean enabled,
        @DefaultValue("500") int batchSize, @DefaultValue("50ms") Duration pollInterval,
        @DefaultValue("10s") Duration leaseTtl) {

    public OutboxRelaySettings {
        if (service == null || service.isBlank()) {
            throw new IllegalStateException("onestop.messaging.outbox.service must name the service (metrics tag)");
        }
        if (batchSize < 1) {
            throw new IllegalStateException("onestop.messaging.outbox.batch-size must be at least 1");
        }
        if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("onestop.messaging.outbox.lease-ttl must be at least 1s");
        }
    }
}
