package org.onestop.gateway.access;

import java.util.UUID;
import org.onestop.events.ResidentIdNumber;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The national surface's body ({@code POST /api/v1/hsa}) at the edge: a raw {@code input.data.certno} (居民身份证,
 * {@code psn_cert_type} 01) is validated and replaced before the call leaves the gateway, by the person reference in
 * {@code psn_no} (the same HMAC as every personRef) and the masked number in {@code certno}, so no raw number reaches
 * settlement-service. Everything else passes unchanged; amounts keep their decimal text (never a double). Pure.
 */
final class NationalEnvelope {

    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** A body the gateway answers itself in the envelope (infcode -1), naming the field, before any service is called. */
    static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The rewritten body and the person it names (null: none), for the audit. */
    record Rewritten(byte[] body, String personRef) {
    }

    private NationalEnvelope() {
    }

    static Rewritten rewrite(byte[] body, byte[] personRefKey) {
        JsonNode root;
        try {
            root = EXACT.readTree(body);
        } catch (JacksonException e) {
            return new Rewritten(body, null); // the owning check has parsed it already; nothing here to replace
        }
        JsonNode input = root == null ? null : root.get("input");
        JsonNode data = input == null ? null : input.get("data");
        if (!(data instanceof ObjectNode d)) {
            return new Rewritten(body, null);
        }
        JsonNode certno = d.get("certno");
        if (certno == null || certno.isNull()) {
            JsonNode psnNo = d.get("psn_no");
            return new Rewritten(body, psnNo != null && psnNo.isString() && psnNo.asString().matches("[0-9a-f]{64}") ? psnNo.asString() : null);
        }
        JsonNode type = d.get("psn_cert_type");
        if (type != null && !type.isNull() && !"01".equals(type.asString())) {
            throw new Refused("人员证件类型 input.data.psn_cert_type 仅支持 01 居民身份证");
        }
        if (!certno.isString()) {
            throw new Refused("证件号码 input.data.certno 须为字符串");
        }
        String number = certno.asString().strip();
        if (ResidentIdNumber.isMask(number)) {
            // already a mask: no number to hide; the service needs psn_no then
            return new Rewritten(body, null);
        }
        ResidentIdNumber id;
        try {
            id = ResidentIdNumber.of(number);
        } catch (RuntimeException invalid) {
            throw new Refused("证件号码 input.data.certno 不是有效的居民身份证号码");
        }
        String personRef = id.personRef(personRefKey).value();
        d.put("psn_no", personRef);
        d.put("certno", id.mask());
        return new Rewritten(EXACT.writeValueAsBytes(root), personRef);
    }

    /** The envelope answer for a {@link Refused} body: HTTP 200, infcode -1, as the platform answers a refused transaction. */
    static byte[] refusal(Refused r) {
        ObjectNode a = EXACT.createObjectNode();
        a.put("infcode", -1);
        a.put("err_msg", r.getMessage());
        a.put("inf_refmsgid", UUID.randomUUID().toString().replace("-", ""));
        a.putObject("output");
        return EXACT.writeValueAsBytes(a);
    }
}
