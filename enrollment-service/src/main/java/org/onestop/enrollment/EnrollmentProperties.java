package org.onestop.enrollment;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onestop.enrollment.*}.
 *
 * @param group           the consumer group on identity.changed.v1 (names the dead-letter topic)
 * @param policyOverrides assumed policy values overridden by configuration, {@code <version>.<path>: "value | source"},
 *                        e.g. {@code jiujiang-2022.enrollment.contribution.2028: "420.00 | 赣医保发〔2027〕…"}
 * @param outbox          the outbox relay
 */
@ConfigurationProperties("onestop.enrollment")
public record EnrollmentProperties(
        @DefaultValue("enrollment-service") String group,
        Map<String, String> policyOverrides,
        @DefaultValue Outbox outbox) {

    public EnrollmentProperties {
        policyOverrides = policyOverrides == null ? Map.of() : Map.copyOf(policyOverrides);
    }

    /**
     * @param batchSize    events fetched and sent per round
     * @param pollInterval pause when the outbox is empty
     * @param partitions   partitions of enrollment.subsidy.v1 when this service creates it
     * @param enabled      false to run without publishing (the events stay in the outbox)
     */
    public record Outbox(
            @DefaultValue("5000") int batchSize,
            @DefaultValue("200ms") Duration pollInterval,
            @DefaultValue("6") int partitions,
            @DefaultValue("true") boolean enabled) {
    }
}
