package org.onestop.settlement.national.web;

import java.time.Clock;
import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.settlement.national.NationalError;
import org.onestop.settlement.national.NationalTransactions;
import org.onestop.settlement.settle.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/hsa}: one endpoint for the national transactions, {@code infno} in the body as the platform sends
 * it. A transaction's outcome is always HTTP 200 with {@code infcode} 0 (done) or -1 (refused, {@code err_msg} in
 * Chinese naming the field); a failure of the call itself stays an RFC 9457 problem: no or invalid token (401), another
 * institution in {@code fixmedins_code} or another partner type (403), a body that is not JSON (400), a database that
 * did not answer (503).
 */
@RestController
class HsaController {

    /** Amounts are read from their decimal text, never through a double. */
    private static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final NationalTransactions transactions;
    private final Clock clock;

    HsaController(NationalTransactions transactions, Clock clock) {
        this.transactions = transactions;
        this.clock = clock;
    }

    @PostMapping(path = "/api/v1/hsa", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ObjectNode> call(Caller caller, @RequestBody(required = false) Mono<String> body) {
        return body.switchIfEmpty(Mono.error(new InvalidRequestException("(body)", "missing-body", "请求体为空 (the request has no body)")))
                .map(HsaController::parse)
                .flatMap(envelope -> transactions.run(caller, envelope)
                        .map(output -> answer(0, null, output))
                        .onErrorResume(NationalError.class, e -> Mono.just(answer(-1, e.getMessage(), null))));
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = EXACT.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidRequestException("(body)", "malformed-envelope", "请求体须为 JSON 对象 (the body must be a JSON object)");
            }
            return node;
        } catch (JacksonException e) {
            // never the parser's message: it quotes the body
            throw new InvalidRequestException("(body)", "malformed-json", "请求体不是有效的 JSON (the body is not valid JSON)");
        }
    }

    private ObjectNode answer(int infcode, String errMsg, ObjectNode output) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("infcode", infcode);
        a.put("err_msg", errMsg);
        a.put("inf_refmsgid", UUID.randomUUID().toString().replace("-", ""));
        a.put("refmsg_time", NationalTransactions.refmsgTime(clock));
        a.set("output", output == null ? JsonNodeFactory.instance.objectNode() : output);
        return a;
    }
}
