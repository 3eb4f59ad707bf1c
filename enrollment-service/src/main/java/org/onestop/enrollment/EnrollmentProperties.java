package org.onestop.enrollment;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onestop.enrollment.*}.
 *
 * @param group           the consumer group on identity.changed.v1 (names the dead-letter topic)
 * @param policyOverrides assumed policy values overridden by configuration, {@code <version>.<path>: "value | source"},
 *                        e.g. {@code jiujiang-2022.enrollment.contribution.2028: "420.00 | 赣医保发〔2027〕…"}
 * @param outbox          the topic this service writes (the relay's settings are {@code onestop.messaging.outbox.*})
 */
@ConfigurationProperties("onestop.enrollment")
public record EnrollmentProperties(
        @DefaultValue("enrollment-service") String group,
        Map<String, String> policyOverrides,
        @DefaultValue Outbox outbox) {

    public EnrollmentProperties {
        policyOverrides = policyOverrides == null ? Map.of() : Map.copyOf(policyOverrides);
    }

    /** @param partitions partitions of enrollment.subsidy.v1 (and of its dead-letter topic) when this service creates them */
    public record Outbox(@DefaultValue("6") int partitions) {
    }
}
