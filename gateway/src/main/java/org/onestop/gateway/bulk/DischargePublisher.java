package org.onestop.gateway.bulk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.onestop.events.CloudEventHeaders;
import org.onestop.events.DischargeSubmitted;
import org.onestop.events.Topics;
import org.onestop.gateway.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Produces checked discharges on {@code discharge.submitted.v1} as the gateway's principal (spring.kafka.*, docs/security.md),
 * keyed by person, with the CloudEvents headers and {@code X-Onestop-Institution}, and waits for every acknowledgement.
 */
@Component
class DischargePublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json = JsonMapper.builder().build();

    DischargePublisher(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    /** @throws Problem 503 {@code bulk-unavailable} when the broker does not acknowledge every record */
    void publish(String institution, List<DischargeSubmitted> records) {
        List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>(records.size());
        for (DischargeSubmitted d : records) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.DISCHARGE_SUBMITTED.name(), d.personRef(), json.writeValueAsBytes(d));
            header(r, CloudEventHeaders.ID, d.eventId().toString());
            header(r, CloudEventHeaders.SOURCE, "onestop-gateway");
            header(r, CloudEventHeaders.TYPE, DischargeSubmitted.CE_TYPE);
            header(r, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
            header(r, CloudEventHeaders.SUBJECT, d.personRef());
            header(r, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            // the hospital this gateway authenticated; settlement-service settles only records naming it
            header(r, CloudEventHeaders.SUBMITTING_INSTITUTION, institution);
            acks.add(kafka.send(r));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable();
        }
    }

    private static Problem unavailable() {
        // some records may be stored: a resend of the same messageIds is settled once (settlement's idempotency)
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "bulk-unavailable",
                "批量提交暂不可用，请以相同 messageId 重试 (not every record was stored; resend with the same messageIds)");
    }

    private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
