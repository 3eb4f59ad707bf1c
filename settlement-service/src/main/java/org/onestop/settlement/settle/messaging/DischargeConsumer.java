package org.onestop.settlement.settle.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.DischargeSubmitted;
import org.onestop.events.Topics;
import org.onestop.messaging.batch.BatchConsumer;
import org.onestop.messaging.deadletter.DeadLetters;
import org.onestop.settlement.kafka.Blocking;
import org.onestop.settlement.settle.DischargeForm;
import org.onestop.settlement.settle.DischargeRequest;
import org.onestop.settlement.settle.DischargeRequests;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.Settler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binding {@code dischargeSubmitted-in-0}, in batch mode on the platform's batch skeleton: each poll's records (up to
 * {@code max.poll.records}) are validated one by one, then settled together in ONE transaction by
 * {@link Settler#settleAll} — the same path as {@code POST /api/v1/settlements} (which is a batch of one):
 * the same idempotency by hospital message id and reference, the same answers, payments and adjustments as settling
 * them one after the other; the results reach {@code settlement.completed.v1} through the outbox written in that
 * transaction. The container commits the poll's offsets only after this returns, i.e. after the database commit: a
 * crash re-delivers the poll, and the idempotency answers the already settled records as retries, publishing nothing
 * new.
 *
 * <p>Only the gateway may write the topic (Kafka ACL, docs/security.md), and it does so for a hospital after the same
 * checks as HTTP settle, naming that hospital in the header {@code X-Onestop-Institution}. A record without that
 * header, or naming another hospital in its {@code hospitalId}, is dead-lettered ({@code X-Onestop-Institution:missing},
 * {@code hospitalId:not-your-institution}) and never settled: a hospital cannot settle for another through the topic.
 *
 * <p>What cannot be settled as given is dead-lettered with its reason ({@code x-dlq-reason}) without failing the
 * others: invalid records before the transaction, records the engine or the idempotency check rejects from inside it
 * (after the commit of the rest). When the batch transaction fails for another reason, the skeleton settles the
 * records one by one and dead-letters one that fails alone as {@code unexpected:<exception>}; while the database is
 * unreachable, the poll waits and is retried whole.
 */
@Configuration(proxyBeanMethods = false)
class DischargeConsumer {

    private static final String TOPIC = Topics.DISCHARGE_SUBMITTED.name();

    /** A readable record: what the dead-letter topic needs, and its validated form. */
    private record Submitted(String key, byte[] value, Map<String, Object> headers, DischargeForm form) {
    }

    @Bean
    Consumer<Message<List<byte[]>>> dischargeSubmitted(JsonMapper json, DischargeRequests requests,
                                                       Settler settler, DeadLetters deadLetters) {
        return new BatchConsumer<Submitted>(Topics.DISCHARGE_SUBMITTED, (key, value, headers) -> {
            DischargeRequest request = toRequest(json, value);
            requireSubmittingInstitution(headers, request.hospitalId());
            return new Submitted(key, value, headers, requests.validate(request));
        }, records -> {
            List<Settler.Settled> results =
                    Blocking.await(settler.settleAll(records.stream().map(Submitted::form).toList(), "TOPIC"));
            for (int i = 0; i < records.size(); i++) {
                RuntimeException failure = results.get(i).failure();
                if (failure != null) {
                    Submitted r = records.get(i);
                    deadLetters.send(TOPIC, r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8), r.value(),
                            r.headers(), failure);
                }
            }
        }, deadLetters, deadLetters.reasons(), BatchConsumer.TRANSIENT, Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    /**
     * The hospital the gateway vouched for must be the one the record names (HTTP settle's {@code not-your-institution}).
     *
     * @throws InvalidRequestException {@code X-Onestop-Institution:missing}, {@code hospitalId:not-your-institution}
     */
    static void requireSubmittingInstitution(Map<String, ?> headers, String hospitalId) {
        Object value = headers.get(CloudEventHeaders.SUBMITTING_INSTITUTION);
        String institution = value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : value == null ? null : value.toString();
        if (institution == null || institution.isBlank()) {
            throw new InvalidRequestException(CloudEventHeaders.SUBMITTING_INSTITUTION, "missing",
                    "the record does not name the institution the gateway submitted it for");
        }
        if (hospitalId == null || !institution.strip().equals(hospitalId.strip())) {
            throw new InvalidRequestException("hospitalId", "not-your-institution",
                    "只能为本机构办理结算 (hospitalId must be the institution that submitted the record)");
        }
    }

    static DischargeRequest toRequest(JsonMapper json, byte[] payload) {
        DischargeSubmitted d;
        try {
            d = json.readValue(payload, DischargeSubmitted.class);
        } catch (JacksonException e) {
            throw new InvalidRequestException("(value)", "malformed-json", "the record is not a DischargeSubmitted JSON value");
        }
        if (d == null) {
            throw new InvalidRequestException("(value)", "empty", "the record has no value");
        }
        return new DischargeRequest(d.hospitalId(), d.messageId(), d.hospitalSettlementRef(), d.personRef(), null, d.regionCode(),
                d.insuranceType(), d.visitType(), d.hospitalLevel(), d.location(), d.referred(),
                d.admissionDate() == null ? null : d.admissionDate().toString(),
                d.dischargeDate() == null ? null : d.dischargeDate().toString(),
                new DischargeRequest.Costs(d.totalCost(), d.inScope(), d.partlySelfPaid(), d.outOfCatalogue()),
                d.diseaseCode(), d.lateStage(), d.bedDays(), d.designatedMajorDiseaseHospital(),
                d.hifpPay() == null && d.hifmiPay() == null && d.hifobPay() == null ? null
                        : new DischargeRequest.Upstream(d.hifpPay(), d.hifmiPay(), d.hifobPay()));
    }
}
