package org.onestop.settlement.settle.messaging;

import java.util.function.Consumer;
import org.onestop.events.DischargeSubmitted;
import org.onestop.settlement.kafka.Blocking;
import org.onestop.settlement.settle.DischargeForm;
import org.onestop.settlement.settle.DischargeRequest;
import org.onestop.settlement.settle.DischargeRequests;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binding {@code dischargeSubmitted-in-0}: each record is validated and settled like {@code POST /api/v1/settlements}
 * (same idempotency by hospital message id and reference, so a redelivered record answers its first settlement and
 * publishes nothing new); the result reaches {@code settlement.completed.v1} through the outbox. A record that cannot
 * be settled is dead-lettered with its reason (see {@code DeadLetterConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class DischargeConsumer {

    @Bean
    Consumer<Message<byte[]>> dischargeSubmitted(JsonMapper json, DischargeRequests requests, SettlementService settlements) {
        return message -> {
            DischargeForm form = requests.validate(toRequest(json, message.getPayload()));
            Blocking.await(settlements.settle(form, "TOPIC"));
        };
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
                d.hifpPay() == null ? null : new DischargeRequest.Upstream(d.hifpPay(), d.hifmiPay(), d.hifobPay()));
    }
}
