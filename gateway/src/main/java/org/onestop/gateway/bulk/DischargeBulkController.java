package org.onestop.gateway.bulk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.onestop.events.DischargeSubmitted;
import org.onestop.events.ResidentIdNumber;
import org.onestop.gateway.access.PartnerFilter;
import org.onestop.gateway.partner.Partner;
import org.onestop.gateway.partner.PartnerType;
import org.onestop.gateway.problem.Problem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/discharges/bulk} (scope {@code settlement:write}, hospitals only): a JSON array of 1 to
 * {@value #MAX_RECORDS} discharges in the form of {@code discharge.submitted.v1} (docs/settlement-api.md), each naming
 * the caller's own institution in {@code hospitalId}, with a {@code personRef} or an {@code idNumber} (turned into the
 * personRef here; a raw number never reaches the topic). All records are checked before any is produced: one record
 * naming another hospital refuses the whole request (403 {@code not-your-institution}), so a request is never half
 * written. Accepted records are produced by the gateway's own Kafka principal, the topic's only writer, with the
 * header {@code X-Onestop-Institution} naming the authenticated hospital; settlement-service dead-letters any record
 * whose hospital differs from it. Answers 202 with the event ids; results arrive on {@code settlement.completed.v1}.
 */
@RestController
class DischargeBulkController {

    static final int MAX_RECORDS = 1000;
    private static final Pattern PERSON_REF = Pattern.compile("[0-9a-f]{64}");

    record Accepted(int accepted, List<UUID> eventIds) {
    }

    private final DischargePublisher publisher;
    private final JsonMapper json = JsonMapper.builder().build();
    private final byte[] personRefKey;

    DischargeBulkController(DischargePublisher publisher, @Value("${onestop.person-ref.secret}") String personRefSecret) {
        this.publisher = publisher;
        this.personRefKey = personRefSecret.getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/api/v1/discharges/bulk", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Accepted>> submit(@RequestBody JsonNode body, ServerWebExchange exchange) {
        Partner partner = exchange.getAttribute(PartnerFilter.PARTNER_ATTR);
        if (partner == null || partner.type() != PartnerType.HOSPITAL || partner.institutionId() == null) {
            throw Problem.of(HttpStatus.FORBIDDEN, "not-allowed-for-partner-type", "只有定点医疗机构可以批量提交 (hospitals only)");
        }
        List<DischargeSubmitted> records = check(partner.institutionId(), body);
        return Mono.fromCallable(() -> {
                    publisher.publish(partner.institutionId(), records);
                    return ResponseEntity.status(HttpStatus.ACCEPTED)
                            .body(new Accepted(records.size(), records.stream().map(DischargeSubmitted::eventId).toList()));
                })
                .subscribeOn(Schedulers.boundedElastic()); // the producer blocks until the broker acknowledges
    }

    /** Every record, as it goes on the topic; a problem for the first thing wrong, before anything is produced. */
    List<DischargeSubmitted> check(String institution, JsonNode body) {
        if (body == null || !body.isArray() || body.isEmpty() || body.size() > MAX_RECORDS) {
            throw Problem.of(HttpStatus.BAD_REQUEST, "bulk-size",
                    "请求体须为 1 至 " + MAX_RECORDS + " 条出院记录的 JSON 数组 (a JSON array of 1.." + MAX_RECORDS + " discharges)");
        }
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode hospital = body.get(i).get("hospitalId");
            if (hospital == null || !hospital.isString() || !institution.equals(hospital.asString().strip())) {
                others.add(i);
            }
        }
        if (!others.isEmpty()) {
            throw Problem.of(HttpStatus.FORBIDDEN, "not-your-institution",
                    "只能为本机构办理结算 (hospitalId must be the institution of this token)").with("records", others);
        }
        List<DischargeSubmitted> records = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            records.add(record(i, (ObjectNode) body.get(i).deepCopy()));
        }
        return records;
    }

    private DischargeSubmitted record(int index, ObjectNode node) {
        JsonNode id = node.remove("idNumber");
        if (id != null && !id.isNull()) {
            String personRef;
            try {
                personRef = ResidentIdNumber.of(id.asString()).personRef(personRefKey).value();
            } catch (RuntimeException invalid) {
                throw Problem.of(HttpStatus.BAD_REQUEST, "invalid-id-number", "身份证号码无效 (idNumber is not a valid ID number)")
                        .with("record", index);
            }
            node.put("personRef", personRef);
        }
        JsonNode ref = node.get("personRef");
        if (ref == null || !ref.isString() || !PERSON_REF.matcher(ref.asString()).matches()) {
            throw Problem.of(HttpStatus.BAD_REQUEST, "person-required", "缺少人员标识 (personRef or idNumber is required)")
                    .with("record", index);
        }
        if (!node.hasNonNull("eventId")) {
            node.put("eventId", UUID.randomUUID().toString());
        }
        try {
            return json.treeToValue(node, DischargeSubmitted.class);
        } catch (JacksonException e) {
            throw Problem.of(HttpStatus.BAD_REQUEST, "malformed-record", "记录格式错误 (the record is not a discharge)")
                    .with("record", index);
        }
    }
}
