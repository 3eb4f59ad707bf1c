package org.onestop.settlement.settle.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.DischargeSubmitted;
import org.onestop.events.Topics;
import org.onestop.settlement.kafka.Blocking;
import org.onestop.settlement.kafka.DeadLetterConfiguration;
import org.onestop.settlement.kafka.DeadLetters;
import org.onestop.settlement.settle.DischargeForm;
import org.onestop.settlement.settle.DischargeRequest;
import org.onestop.settlement.settle.DischargeRequests;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binding {@code dischargeSubmitted-in-0}, in batch mode: each poll's records (up to {@code max.poll.records}) are
 * validated one by one, then settled together in ONE transaction by {@link SettlementService#settleBatch} — the
 * same idempotency by hospital message id and reference as {@code POST /api/v1/settlements}, the same per-record
 * answers, payments and adjustments as settling them one after the other; the results reach
 * {@code settlement.completed.v1} through the outbox written in that transaction. The container commits the poll's
 * offsets only after this method returns, i.e. after the database commit: a crash re-delivers the poll, and the
 * idempotency answers the already settled records as retries, publishing nothing new.
 *
 * <p>Only the gateway may write the topic (Kafka ACL, docs/security.md), and it does so for a hospital after the same
 * checks as HTTP settle, naming that hospital in the header {@code X-Onestop-Institution}. A record without that
 * header, or naming another hospital in its {@code hospitalId}, is dead-lettered ({@code X-Onestop-Institution:missing},
 * {@code hospitalId:not-your-institution}) and never settled: a hospital cannot settle for another through the topic.
 *
 * <p>What cannot be settled as given is dead-lettered with its reason ({@code x-dlq-reason}) without failing the
 * others: invalid records before the transaction, records the engine or the idempotency check rejects from inside
 * it. When the batch transaction fails for another reason (e.g. a concurrent HTTP settle took a hospital reference
 * first), the poll falls back to settling its records one by one, each retried three times a second apart before
 * it is dead-lettered as {@code unexpected:<exception>}. When the database is unreachable, the whole poll is
 * thrown back to the container, which retries it.
 */
@Configuration(proxyBeanMethods = false)
class DischargeConsumer {

    private static final Logger log = LoggerFactory.getLogger(DischargeConsumer.class);
    private static final String TOPIC = Topics.DISCHARGE_SUBMITTED.name();

    /** A record of the poll: its position, what the dead-letter topic needs, and its form once valid. */
    private record Item(int index, byte[] key, byte[] value, Map<String, Object> headers, DischargeForm form) {
    }

    @Bean
    Consumer<Message<List<byte[]>>> dischargeSubmitted(JsonMapper json, DischargeRequests requests, SettlementService settlements,
                                                       DeadLetters deadLetters) {
        return message -> {
            List<byte[]> values = message.getPayload();
            List<?> keys = list(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY));
            List<?> headers = list(message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS));
            List<Item> valid = new ArrayList<>(values.size());
            List<Map.Entry<Item, RuntimeException>> dead = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> h = i < headers.size() && headers.get(i) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                byte[] key = i < keys.size() ? bytes(keys.get(i)) : null;
                try {
                    DischargeRequest request = toRequest(json, values.get(i));
                    requireSubmittingInstitution(h, request.hospitalId());
                    DischargeForm form = requests.validate(request);
                    valid.add(new Item(i, key, values.get(i), h, form));
                } catch (RuntimeException e) {
                    dead.add(Map.entry(new Item(i, key, values.get(i), h, null), e));
                }
            }
            List<SettlementService.BatchResult> results = null;
            if (!valid.isEmpty()) {
                try {
                    results = Blocking.await(settlements.settleBatch(valid.stream().map(Item::form).toList()));
                } catch (RuntimeException e) {
                    if (transientFailure(e)) {
                        throw e; // the container retries the whole poll; what committed meanwhile answers as retries
                    }
                    log.warn("batch of {} discharges failed ({}), settling them one by one", valid.size(), e.toString());
                }
            }
            List<Item> alone = new ArrayList<>();
            for (int k = 0; k < valid.size(); k++) {
                if (results == null || results.get(k).deferred()) {
                    alone.add(valid.get(k));
                } else if (results.get(k).failure() != null) {
                    dead.add(Map.entry(valid.get(k), results.get(k).failure()));
                }
            }
            for (Item item : alone) {
                RuntimeException failure = settleAlone(settlements, item.form());
                if (failure != null) {
                    dead.add(Map.entry(item, failure));
                }
            }
            dead.sort(java.util.Comparator.comparingInt(e -> e.getKey().index()));
            for (Map.Entry<Item, RuntimeException> d : dead) {
                Item item = d.getKey();
                if (DeadLetterConfiguration.reason(d.getValue()).startsWith("unexpected")) {
                    log.error("discharge record at index {} of the poll cannot be settled, dead-lettered", item.index(), d.getValue());
                }
                deadLetters.send(TOPIC, item.key(), item.value(), item.headers(), d.getValue());
            }
        };
    }

    /**
     * The hospital the gateway vouched for must be the one the record names (HTTP settle's {@code not-your-institution}).
     *
     * @throws InvalidRequestException {@code X-Onestop-Institution:missing}, {@code hospitalId:not-your-institution}
     */
    static void requireSubmittingInstitution(Map<String, Object> headers, String hospitalId) {
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

    /** Settles one record in its own transaction; returns why it cannot be settled (to dead-letter), else null. */
    private static RuntimeException settleAlone(SettlementService settlements, DischargeForm form) {
        for (int attempt = 1; ; attempt++) {
            try {
                Blocking.await(settlements.settle(form, "TOPIC"));
                return null;
            } catch (RuntimeException e) {
                if (!DeadLetterConfiguration.reason(e).startsWith("unexpected") || attempt > 3) {
                    return e;
                }
                log.warn("settling a discharge record failed (attempt {}), retrying: {}", attempt, e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", ie);
                }
            }
        }
    }

    private static boolean transientFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof io.r2dbc.spi.R2dbcTransientException
                    || t instanceof io.r2dbc.spi.R2dbcNonTransientResourceException
                    || t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof IllegalStateException && String.valueOf(t.getMessage()).contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /** Keys arrive as the binder's native bytes (ByteArrayDeserializer) or already as text. */
    private static byte[] bytes(Object k) {
        return k instanceof byte[] b ? b : k == null ? null : k.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<?> list(Object header) {
        return header instanceof List<?> l ? l : List.of();
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
