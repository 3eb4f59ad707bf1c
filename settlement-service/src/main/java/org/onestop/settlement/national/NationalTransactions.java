package org.onestop.settlement.national;

import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.events.PersonRef;
import org.onestop.events.ResidentIdNumber;
import org.onestop.policy.InvalidDischargeException;
import org.onestop.policy.PolicyNotInForceException;
import org.onestop.settlement.access.Access;
import org.onestop.settlement.settle.DischargeForm;
import org.onestop.settlement.settle.DischargeRequests;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.NotFoundException;
import org.onestop.settlement.settle.PersonYear;
import org.onestop.settlement.settle.SettlementConflictException;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The national transactions as an adapter: each one reads the envelope ({@link NationalInput}), calls the same use case
 * as our JSON API ({@link SettlementService#preview}, {@link SettlementService#settle} → {@code Settler.settleAll},
 * {@link SettlementService#cancel}, the same reads) and writes the answer in national names ({@link NationalOutput}).
 * Nothing here settles, stores or computes an amount of its own.
 */
@Service
public class NationalTransactions {

    /** The transactions this surface answers. */
    public static final List<String> INFNOS = List.of("2303", "2304", "2305", "2601", "5203", "5206");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter CUM_YM = DateTimeFormatter.ofPattern("yyyyMM");

    private final DischargeRequests requests;
    private final SettlementService settlements;
    private final Clock clock;

    NationalTransactions(DischargeRequests requests, SettlementService settlements, Clock clock) {
        this.requests = requests;
        this.settlements = settlements;
        this.clock = clock;
    }

    /**
     * The transaction's {@code output}. A business refusal is a {@link NationalError} (as the Mono's error); a caller
     * naming another institution in {@code fixmedins_code} is refused before anything is read ({@code AccessDeniedException}).
     */
    public Mono<ObjectNode> run(Caller caller, JsonNode envelope) {
        // a refusal thrown while reading the input is mapped like one signalled later
        return Mono.defer(() -> dispatch(caller, envelope)).onErrorMap(NationalTransactions::national);
    }

    private Mono<ObjectNode> dispatch(Caller caller, JsonNode envelope) {
        String infno = NationalInput.text(envelope, "infno");
        if (infno == null || !INFNOS.contains(infno)) {
            return Mono.error(new NationalError("infno", "交易编号 infno 不支持（支持 " + String.join("、", INFNOS) + "）"));
        }
        Access.require(caller, "5206".equals(infno) ? Access.Resource.PERSONS : Access.Resource.SETTLEMENTS);
        String hospital = NationalInput.text(envelope, "fixmedins_code");
        if (hospital == null) {
            return Mono.error(new NationalError("fixmedins_code", "缺少定点医药机构编号 fixmedins_code"));
        }
        Access.requireInstitution(caller, hospital);
        if (NationalInput.text(envelope, "msgid") == null) {
            return Mono.error(new NationalError("msgid", "缺少发送方报文ID msgid"));
        }
        JsonNode input = envelope.get("input");
        JsonNode data = input == null ? null : input.get("data");
        if (data == null || !data.isObject()) {
            return Mono.error(new NationalError("input.data", "缺少交易输入 input.data"));
        }
        Mono<ObjectNode> output = switch (infno) {
            case "2303" -> form(envelope, data, "#preview").flatMap(settlements::preview).map(NationalOutput::settlement);
            case "2304" -> settle(envelope, data, hospital);
            case "2305" -> settlementId(hospital, data).flatMap(id -> settlements.cancel(id, hospital))
                    .map(r -> NationalOutput.settlement(r.answer()));
            case "2601" -> reverse(hospital, data);
            case "5203" -> settlementId(hospital, data).flatMap(id -> settlements.get(id, hospital))
                    .map(NationalOutput::settlement);
            default -> cumulative(hospital, data);
        };
        return output;
    }

    /** 2304: under the visit's open settlement number (a retry answers the first answer), or a new one after a reversal. */
    private Mono<ObjectNode> settle(JsonNode envelope, JsonNode data, String hospital) {
        String visit = visit(data);
        return settlements.latestWithRefPrefix(hospital, visit + NationalOutput.VISIT_SEPARATOR)
                .map(latest -> "REVERSED".equals(latest.status()) ? next(latest.hospitalSettlementRef()) : latest.hospitalSettlementRef())
                .defaultIfEmpty(visit + NationalOutput.VISIT_SEPARATOR + 1)
                .flatMap(ref -> form(envelope, data, ref))
                .flatMap(f -> settlements.settle(f, "HTTP"))
                .map(r -> NationalOutput.settlement(r.answer()));
    }

    /** {@code <visit>#<n>} → {@code <visit>#<n+1>}: the visit is settled afresh after its settlement was reversed. */
    private static String next(String ref) {
        int at = ref.lastIndexOf(NationalOutput.VISIT_SEPARATOR);
        return ref.substring(0, at + 1) + (Long.parseLong(ref.substring(at + 1)) + 1);
    }

    /**
     * 2601 冲正: undoes what the message {@code omsgid} (transaction {@code oinfno}) did. A 2304 that settled is
     * cancelled exactly as 2305 would; a message that settled nothing (unknown, refused, a 2303 or a read) is answered
     * as having done nothing. It never settles: a 2305 is not undone by settling again (the hospital sends a new 2304).
     */
    private Mono<ObjectNode> reverse(String hospital, JsonNode data) {
        String omsgid = NationalInput.text(data, "omsgid");
        String oinfno = NationalInput.text(data, "oinfno");
        if (omsgid == null) {
            return Mono.error(new NationalError("input.data.omsgid", "缺少原发送方报文ID input.data.omsgid"));
        }
        if (oinfno == null) {
            return Mono.error(new NationalError("input.data.oinfno", "缺少原交易编号 input.data.oinfno"));
        }
        ObjectNode out = NODES.objectNode();
        out.put("omsgid", omsgid);
        out.put("oinfno", oinfno);
        return switch (oinfno) {
            case "2304" -> settlements.idOf(hospital, omsgid, null)
                    .flatMap(id -> settlements.cancel(id, hospital).map(r -> reversed(out, r.answer().settlementId(), !r.replayed())))
                    .switchIfEmpty(Mono.fromSupplier(() -> nothing(out, "原交易未办理结算，无需冲正")));
            case "2303", "5203", "5206", "2601" -> Mono.just(nothing(out, "原交易不改变任何数据，无需冲正"));
            case "2305" -> Mono.error(new NationalError("input.data.oinfno",
                    "结算撤销(2305)不可冲正：本系统冲正不重新结算，请重新发送2304结算"));
            default -> Mono.error(new NationalError("input.data.oinfno", "原交易编号 input.data.oinfno 不支持冲正"));
        };
    }

    private static ObjectNode reversed(ObjectNode out, UUID id, boolean now) {
        out.put("setl_id", id.toString());
        out.put("rvs_flag", now ? "1" : "0");
        out.put("rvs_desc", now ? "已冲正：原结算已撤销" : "原结算此前已撤销，本次未做任何变更");
        return out;
    }

    private static ObjectNode nothing(ObjectNode out, String why) {
        out.putNull("setl_id");
        out.put("rvs_flag", "0");
        out.put("rvs_desc", why);
        return out;
    }

    /** 5206: the person's natural year of {@code cum_ym} (default: this month), if this hospital treated them in it. */
    private Mono<ObjectNode> cumulative(String hospital, JsonNode data) {
        String person = person(data);
        String cumYm = NationalInput.text(data, "cum_ym");
        YearMonth month;
        try {
            month = cumYm == null ? YearMonth.now(clock.withZone(NationalOutput.BEIJING)) : YearMonth.parse(cumYm, CUM_YM);
        } catch (DateTimeParseException e) {
            return Mono.error(new NationalError("input.data.cum_ym", "累计年月 input.data.cum_ym 须为 yyyyMM"));
        }
        int year = month.getYear();
        return settlements.yearVisible(person, year, hospital, null)
                .flatMap(visible -> visible ? settlements.book(person).map(book -> PersonYear.of(person, year, book))
                        : Mono.error(new NationalError("input.data.psn_no", "无该人员本年度累计信息")))
                .map(y -> NationalOutput.cumulative(y, CUM_YM.format(month)));
    }

    /** The settlement a 2305/5203 names: {@code setl_id}, else the latest under {@code mdtrt_id}; the hospital's only. */
    private Mono<UUID> settlementId(String hospital, JsonNode data) {
        String setlId = NationalInput.text(data, "setl_id");
        Mono<UUID> id;
        if (setlId != null) {
            try {
                id = Mono.just(UUID.fromString(setlId));
            } catch (IllegalArgumentException e) {
                return Mono.error(new NationalError("input.data.setl_id", "结算ID input.data.setl_id 格式无效"));
            }
        } else {
            id = settlements.latestWithRefPrefix(hospital, visit(data) + NationalOutput.VISIT_SEPARATOR).map(SettlementService.Latest::id);
        }
        String psnNo = NationalInput.text(data, "psn_no");
        return id.switchIfEmpty(Mono.error(() -> new NotFoundException("no settlement")))
                .flatMap(uuid -> psnNo == null || !PersonRef.isValid(psnNo) ? Mono.just(uuid)
                        // a psn_no that names another person: not found, as for another hospital's settlement
                        : settlements.get(uuid, hospital).filter(a -> psnNo.equals(a.personRef())).map(a -> uuid)
                                .switchIfEmpty(Mono.error(() -> new NotFoundException("no settlement"))));
    }

    private static String visit(JsonNode data) {
        String visit = NationalInput.text(data, "mdtrt_id");
        if (visit == null) {
            throw new NationalError("input.data.mdtrt_id", "缺少就诊ID input.data.mdtrt_id");
        }
        if (visit.indexOf(NationalOutput.VISIT_SEPARATOR) >= 0 || visit.length() > 40) {
            throw new NationalError("input.data.mdtrt_id", "就诊ID input.data.mdtrt_id 不能含 # 且不超过40个字符");
        }
        return visit;
    }

    /**
     * The person: a raw {@code certno} (psn_cert_type 01) is turned into the person reference here, as {@code idNumber}
     * is on the JSON API; behind the gateway it arrives already replaced by the reference in {@code psn_no} and the
     * masked number in {@code certno} (docs/settlement-api.md).
     */
    private String person(JsonNode data) {
        certType(data);
        String certno = NationalInput.text(data, "certno");
        if (certno != null && !masked(certno)) {
            return requests.personRefOf(certno);
        }
        String psnNo = NationalInput.text(data, "psn_no");
        if (psnNo == null || !PersonRef.isValid(psnNo)) {
            throw new NationalError("input.data.psn_no", "缺少人员标识：请提供证件号码 input.data.certno（psn_cert_type 01）");
        }
        return psnNo;
    }

    private static void certType(JsonNode data) {
        String type = NationalInput.text(data, "psn_cert_type");
        if (type != null && !type.equals("01")) {
            throw new NationalError("input.data.psn_cert_type", "人员证件类型 input.data.psn_cert_type 仅支持 01 居民身份证");
        }
    }

    /**
     * A certno with a {@code *} is a mask (the gateway's), kept for the statement only if it has exactly the mask's shape:
     * anything else holding a {@code *} could carry a number we would then store.
     */
    private static boolean masked(String certno) {
        if (certno.indexOf('*') < 0) {
            return false;
        }
        if (!ResidentIdNumber.isMask(certno)) {
            throw new NationalError("input.data.certno", "证件号码 input.data.certno 既不是有效的居民身份证号码也不是其掩码");
        }
        return true;
    }

    /** 2303/2304's request validated exactly as the JSON API's; a masked certno from the gateway is kept for the statement. */
    private Mono<DischargeForm> form(JsonNode envelope, JsonNode data, String ref) {
        return Mono.fromCallable(() -> {
            certType(data);
            String certno = NationalInput.text(data, "certno");
            boolean raw = certno != null && !masked(certno);
            String personRef = raw ? null : person(data);
            DischargeForm f = requests.validate(NationalInput.settleRequest(envelope, data,
                    "#preview".equals(ref) ? visit(data) + ref : ref, personRef, raw ? certno : null));
            return raw || certno == null ? f : new DischargeForm(f.hospitalId(), f.messageId(), f.hospitalSettlementRef(),
                    f.personRef(), certno, f.policyRegion(), f.discharge());
        });
    }

    /** The answer's time as the platform writes it: Beijing, {@code yyyy-MM-dd HH:mm:ss}. */
    public static String refmsgTime(Clock clock) {
        return NationalOutput.time(clock.instant());
    }

    /** Our refusals in the envelope's terms: infcode -1 and a Chinese message naming the national field. */
    private static Throwable national(Throwable e) {
        if (e instanceof InvalidRequestException r) {
            String field = NationalInput.NATIONAL_NAMES.getOrDefault(r.field(), r.field());
            return new NationalError(field, "字段 " + field + " 有误：" + r.getMessage());
        }
        if (e instanceof InvalidDischargeException d) {
            String field = NationalInput.NATIONAL_NAMES.getOrDefault(d.field(), d.field());
            return new NationalError(field, "结算数据不一致（" + field + "）：" + d.getMessage());
        }
        if (e instanceof PolicyNotInForceException) {
            return new NationalError("input.data.endtime", "出院日期 input.data.endtime 无有效政策：" + e.getMessage());
        }
        if (e instanceof SettlementConflictException c) {
            String field = "messageId".equals(c.field()) ? "msgid" : "input.data.mdtrt_id";
            return new NationalError(field, "该" + ("msgid".equals(field) ? "报文ID msgid" : "就诊ID input.data.mdtrt_id")
                    + " 已用于内容不同的结算");
        }
        if (e instanceof NotFoundException) {
            return new NationalError("input.data.setl_id", "结算信息不存在（input.data.setl_id / input.data.mdtrt_id）");
        }
        return e;
    }
}
