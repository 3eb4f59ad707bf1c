package org.onestop.events;

import java.util.List;

/**
 * The topic registry: one writer per topic, key = person reference, JSON values, CloudEvents binary headers,
 * each topic paired with its value record and CloudEvents type.
 */
public final class Topics {

    /** Written by identity-service; read by enrollment, settlement, monitoring. */
    public static final Topic<PersonRef, IdentityChanged> IDENTITY_CHANGED =
            new Topic<>("identity.changed.v1", PersonRef.class, IdentityChanged.class, IdentityChanged.CE_TYPE);
    public static final Topic<PersonRef, DischargeSubmitted> DISCHARGE_SUBMITTED =
            new Topic<>("discharge.submitted.v1", PersonRef.class, DischargeSubmitted.class, DischargeSubmitted.CE_TYPE);
    public static final Topic<PersonRef, SettlementCompleted> SETTLEMENT_COMPLETED =
            new Topic<>("settlement.completed.v1", PersonRef.class, SettlementCompleted.class, SettlementCompleted.CE_TYPE);
    /** Written by enrollment-service; read by the tax-bureau integration. */
    public static final Topic<PersonRef, EnrollmentSubsidyChanged> ENROLLMENT_SUBSIDY =
            new Topic<>("enrollment.subsidy.v1", PersonRef.class, EnrollmentSubsidyChanged.class, EnrollmentSubsidyChanged.CE_TYPE);
    public static final Topic<PersonRef, MonitoringAlert> MONITORING_ALERT =
            new Topic<>("monitoring.alert.v1", PersonRef.class, MonitoringAlert.class, MonitoringAlert.CE_TYPE);

    public static final List<Topic<PersonRef, ?>> ALL =
            List.of(IDENTITY_CHANGED, DISCHARGE_SUBMITTED, SETTLEMENT_COMPLETED, ENROLLMENT_SUBSIDY, MONITORING_ALERT);

    private Topics() {
    }

    /** The dead-letter topic of consumer group {@code group} on {@code topic}: {@code <topic>.<group>.dlq}. */
    public static String deadLetter(String topic, String group) {
        if (topic == null || topic.isBlank() || group == null || group.isBlank()) {
            throw new IllegalArgumentException("topic and group are required");
        }
        return topic + "." + group + ".dlq";
    }

    public static String deadLetter(Topic<?, ?> topic, String group) {
        return deadLetter(topic.name(), group);
    }
}
