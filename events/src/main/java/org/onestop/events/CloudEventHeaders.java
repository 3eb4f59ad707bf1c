package org.onestop.events;

/** Kafka header names of the CloudEvents binary mode (Kafka protocol binding) and the suite's own headers. */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TIME = "ce_time";
    /** The person reference the event is about. */
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    /** Why a record was sent to a dead-letter topic (a reason code, never personal data). */
    public static final String DLQ_REASON = "x-dlq-reason";

    /**
     * On {@code discharge.submitted.v1}: the hospital the gateway authenticated and submitted the record for (only the
     * gateway's principal may write the topic); settlement-service dead-letters a record without it or naming another
     * hospital (docs/security.md).
     */
    public static final String SUBMITTING_INSTITUTION = "X-Onestop-Institution";

    private CloudEventHeaders() {
    }
}
