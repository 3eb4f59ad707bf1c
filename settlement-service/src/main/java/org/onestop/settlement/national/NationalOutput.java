package org.onestop.settlement.national;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.onestop.settlement.settle.PersonYear;
import org.onestop.settlement.settle.SettlementAnswer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine's answer in the national output's names: {@code setlinfo} and {@code setldetail[]} (2303, 2304, 2305,
 * 5203) and {@code cuminfo[]} (5206). Every amount is read from the answer the settle use case produced, never computed
 * again; money is a JSON number with two decimals, as the platform writes it. Field meanings: docs/settlement-api.md.
 */
final class NationalOutput {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Separates the 就诊ID from the settlement's number under it in our hospitalSettlementRef. */
    static final char VISIT_SEPARATOR = '#';
    private static final int PROC_INFO_MAX = 4000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NationalOutput() {
    }

    /** {@code {setlinfo, setldetail}} of a settlement (or a pre-settlement: no setl_id, no setl_time). */
    static ObjectNode settlement(SettlementAnswer a) {
        ObjectNode out = NODES.objectNode();
        out.set("setlinfo", setlinfo(a));
        out.set("setldetail", setldetail(a));
        return out;
    }

    static ObjectNode setlinfo(SettlementAnswer a) {
        ObjectNode s = NODES.objectNode();
        s.put("setl_id", a.settlementId() == null ? null : a.settlementId().toString());
        s.put("mdtrt_id", visitId(a.hospitalSettlementRef()));
        s.put("psn_no", a.personRef());
        s.put("psn_cert_type", "01");
        s.put("certno", a.maskedIdNumber());
        s.put("insutype", NationalInput.insutype(a.discharge().insuranceType()));
        s.put("med_type", NationalInput.medType(a.discharge().visitType()));
        s.put("setl_time", time(a.settledAt()));
        for (String field : List.of("medfee_sumamt", "fulamt_ownpay_amt", "preselfpay_amt", "inscp_scp_amt")) {
            money(s, field, a.setlinfo().get(field));
        }
        BasicSplit basic = basicSplit(a);
        money(s, "act_pay_dedc", basic == null ? null : basic.deductible());
        money(s, "hifp_pay", a.setlinfo().get("hifp_pay"));
        money(s, "pool_prop_selfpay", basic == null ? null : basic.coPay());
        for (String field : List.of("hifmi_pay", "hifob_pay", "maf_pay", "oth_pay", "fund_pay_sumamt", "psn_part_amt")) {
            money(s, field, a.setlinfo().get(field));
        }
        money(s, "acct_pay", "0.00");
        // no personal account is used here (acct_pay 0): what the patient bears is paid in cash
        money(s, "psn_cash_pay", a.setlinfo().get("psn_part_amt"));
        money(s, "hosp_part_amt", a.setlinfo().get("hosp_part_amt"));
        s.put("refd_setl_flag", "REVERSED".equals(a.status()) ? "1" : "0");
        return s;
    }

    /** One line per fund that paid: what it paid, on what base, within what limit, and how (the engine's explanation). */
    static ArrayNode setldetail(SettlementAnswer a) {
        ArrayNode lines = NODES.arrayNode();
        for (SettlementAnswer.LayerView l : a.layers()) {
            if (l.fundCode() == null || new BigDecimal(l.amount()).signum() <= 0) {
                continue;
            }
            ObjectNode line = lines.addObject();
            line.put("fund_pay_type", l.fundCode());
            line.put("fund_pay_type_name", l.name());
            money(line, "inscp_scp_amt", l.base());
            money(line, "crt_payb_lmt_amt", l.cap() == null || l.capRemaining() == null ? null
                    : new BigDecimal(l.capRemaining()).add(new BigDecimal(l.amount())).toPlainString());
            money(line, "fund_payamt", l.amount());
            line.put("setl_proc_info", procInfo(l));
        }
        return lines;
    }

    /** 5206: one {@code cuminfo} line per layer of the person's year. */
    static ObjectNode cumulative(PersonYear year, String cumYm) {
        ObjectNode out = NODES.objectNode();
        out.put("psn_no", year.personRef());
        ArrayNode lines = out.putArray("cuminfo");
        for (PersonYear.LayerYear l : year.layers()) {
            ObjectNode line = lines.addObject();
            line.put("year", Integer.toString(year.year()));
            line.put("cum_ym", cumYm);
            line.put("cum_type_code", l.fundCode());
            line.put("cum_type_name", l.name());
            money(line, "cum", l.paid());
            money(line, "crt_payb_lmt_amt", l.capRemaining());
        }
        return out;
    }

    /** The 就诊ID the hospital sent: our reference without its settlement number under the visit. */
    static String visitId(String hospitalSettlementRef) {
        if (hospitalSettlementRef == null) {
            return null;
        }
        int at = hospitalSettlementRef.lastIndexOf(VISIT_SEPARATOR);
        return at < 0 ? hospitalSettlementRef : hospitalSettlementRef.substring(0, at);
    }

    static String time(Instant at) {
        return at == null ? null : TIME.format(at.atZone(BEIJING));
    }

    /**
     * Basic insurance's deductible actually borne on this discharge (act_pay_dedc: the in-scope amount below the
     * deductible line) and the co-payment inside the pooled band (pool_prop_selfpay: each band's portion minus what the
     * fund paid of it at its ratio); null when basic insurance was settled upstream (the core system knows them, we do not).
     */
    record BasicSplit(String deductible, String coPay) {
    }

    static BasicSplit basicSplit(SettlementAnswer a) {
        if (a.discharge().upstreamInsurance()) {
            return null;
        }
        for (SettlementAnswer.LayerView l : a.layers()) {
            if (!"BASIC".equals(l.layer())) {
                continue;
            }
            BigDecimal pooled = BigDecimal.ZERO;
            BigDecimal coPay = BigDecimal.ZERO;
            for (SettlementAnswer.Band b : l.bands()) {
                pooled = pooled.add(new BigDecimal(b.portion()));
                coPay = coPay.add(new BigDecimal(b.portion()).subtract(new BigDecimal(b.amount())));
            }
            return new BasicSplit(new BigDecimal(l.base()).subtract(pooled).toPlainString(), coPay.toPlainString());
        }
        return null;
    }

    /** 结算过程信息: the clause, each band as portion × ratio = amount, then the engine's notes; at most 4,000 characters. */
    static String procInfo(SettlementAnswer.LayerView l) {
        List<String> parts = new ArrayList<>();
        if (l.clause() != null) {
            parts.add(l.clause());
        }
        for (SettlementAnswer.Band b : l.bands()) {
            parts.add(b.portion() + "×" + b.percent() + "=" + b.amount() + (b.clause() == null ? "" : "（" + b.clause() + "）"));
        }
        if (l.notes() != null) {
            parts.addAll(l.notes());
        }
        String text = String.join("；", parts);
        return text.length() > PROC_INFO_MAX ? text.substring(0, PROC_INFO_MAX) : text;
    }

    /** Yuan as a JSON number with two decimals (null stays null). */
    static void money(ObjectNode node, String field, String yuan) {
        if (yuan == null) {
            node.putNull(field);
        } else {
            node.put(field, new BigDecimal(yuan).setScale(2));
        }
    }
}
