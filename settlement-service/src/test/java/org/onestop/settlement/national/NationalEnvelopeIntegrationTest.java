package org.onestop.settlement.national;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.onestop.settlement.SettlementIntegrationTestBase;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A HIS that speaks the national platform's interface, written from docs/settlement-api.md ("The national surface")
 * alone: plain maps with the national field names, posted to {@code POST /api/v1/hsa} as the demo hospital H360402001.
 *
 * <p>The stay: Jiujiang 360402, 城乡居民 (insutype 390), 普通住院 (med_type 21), second-level hospital (hosp_lv 05),
 * discharged 2026-03-10, medfee_sumamt 20,800.00, all in scope; the person is 低保 (DIBAO) from 2026-01-01. By hand:
 * <ul>
 *   <li>basic (jiujiang-2022.yaml assumptions.basic.RESIDENT, "assumed": deductible 800, SECONDARY 75 %):
 *       act_pay_dedc 800.00, hifp_pay (20,800 − 800) × 75 % = 15,000.00, pool_prop_selfpay 20,000 × 25 % = 5,000.00;</li>
 *   <li>critical illness (jiujiang-2022 三(二), tilted for 低保: from 25 % of the 2025 income 40,000 = 10,000): what basic
 *       left, 5,800.00, is below the line: hifmi_pay 0.00;</li>
 *   <li>assistance (jiujiang-2022 三(三)2(2), class 2: no deductible, 75 %, 50,000 a year): 5,800 × 75 % = 4,350.00;</li>
 *   <li>the patient: 5,800 − 4,350 = 1,450.00; 15,000 + 0 + 4,350 + 1,450 = 20,800.00.</li>
 * </ul>
 */
class NationalEnvelopeIntegrationTest extends SettlementIntegrationTestBase {

    static final String DEMO_HOSPITAL = "H360402001";

    /** The HIS reads amounts as exact decimals, as the platform writes them. */
    private final JsonMapper exact = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private WebTestClient his() {
        return as(hospitalClaims(DEMO_HOSPITAL));
    }

    private Map<String, Object> envelope(String infno, String msgid, Map<String, Object> data) {
        Map<String, Object> e = new HashMap<>();
        e.put("infno", infno);
        e.put("msgid", msgid);
        e.put("mdtrtarea_admvs", "360402");
        e.put("insuplc_admdvs", "360402");
        e.put("fixmedins_code", DEMO_HOSPITAL);
        e.put("opter", "cashier-01");
        e.put("inf_time", "2026-03-10 10:00:00");
        e.put("input", Map.of("data", data));
        return e;
    }

    private JsonNode call(Map<String, Object> envelope) {
        byte[] body = his().post().uri("/api/v1/hsa").bodyValue(envelope).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        return exact.readTree(body);
    }

    private static Map<String, Object> stay(String certno, String mdtrtId) {
        Map<String, Object> d = new HashMap<>();
        d.put("psn_cert_type", "01");
        d.put("certno", certno);
        d.put("mdtrt_id", mdtrtId);
        d.put("insutype", "390");
        d.put("med_type", "21");
        d.put("hosp_lv", "05");
        d.put("begntime", "2026-03-01 08:00:00");
        d.put("endtime", "2026-03-10 09:30:00");
        d.put("medfee_sumamt", new BigDecimal("20800.00"));
        d.put("inscp_scp_amt", new BigDecimal("20800.00"));
        d.put("preselfpay_amt", new BigDecimal("0.00"));
        d.put("fulamt_ownpay_amt", new BigDecimal("0.00"));
        return d;
    }

    private static String msgid() {
        return "H360402001" + UUID.randomUUID().toString().substring(0, 18);
    }

    private static BigDecimal amount(JsonNode node, String field) {
        assertThat(node.get(field).isNumber()).as(field + " is a JSON number").isTrue();
        return node.get(field).decimalValue();
    }

    /** medfee = funds + person + hospital, funds = the five funds = Σ setldetail, to the fen. */
    private static void balances(JsonNode output) {
        JsonNode s = output.get("setlinfo");
        assertThat(amount(s, "fund_pay_sumamt").add(amount(s, "psn_part_amt")).add(amount(s, "hosp_part_amt")))
                .isEqualByComparingTo(amount(s, "medfee_sumamt"));
        assertThat(amount(s, "hifp_pay").add(amount(s, "hifmi_pay")).add(amount(s, "hifob_pay")).add(amount(s, "maf_pay"))
                .add(amount(s, "oth_pay"))).isEqualByComparingTo(amount(s, "fund_pay_sumamt"));
        BigDecimal detail = BigDecimal.ZERO;
        for (JsonNode line : output.get("setldetail")) {
            detail = detail.add(amount(line, "fund_payamt"));
        }
        assertThat(detail).isEqualByComparingTo(amount(s, "fund_pay_sumamt"));
    }

    private static void expectedAmounts(JsonNode output) {
        JsonNode s = output.get("setlinfo");
        assertThat(s.get("medfee_sumamt").decimalValue()).isEqualTo(new BigDecimal("20800.00"));
        assertThat(s.get("act_pay_dedc").decimalValue()).isEqualTo(new BigDecimal("800.00"));
        assertThat(s.get("hifp_pay").decimalValue()).isEqualTo(new BigDecimal("15000.00"));
        assertThat(s.get("pool_prop_selfpay").decimalValue()).isEqualTo(new BigDecimal("5000.00"));
        assertThat(s.get("hifmi_pay").decimalValue()).isEqualTo(new BigDecimal("0.00"));
        assertThat(s.get("maf_pay").decimalValue()).isEqualTo(new BigDecimal("4350.00"));
        assertThat(s.get("fund_pay_sumamt").decimalValue()).isEqualTo(new BigDecimal("19350.00"));
        assertThat(s.get("psn_part_amt").decimalValue()).isEqualTo(new BigDecimal("1450.00"));
        assertThat(s.get("psn_cash_pay").decimalValue()).isEqualTo(new BigDecimal("1450.00"));
        assertThat(s.get("insutype").asString()).isEqualTo("390");
        assertThat(s.get("med_type").asString()).isEqualTo("21");
        JsonNode basic = line(output, "390100");
        // the whole year's basic cap (150,000, assumed) was still available before this payment
        assertThat(basic.get("crt_payb_lmt_amt").decimalValue()).isEqualTo(new BigDecimal("150000.00"));
        assertThat(basic.get("inscp_scp_amt").decimalValue()).isEqualTo(new BigDecimal("20800.00"));
        JsonNode assistance = line(output, "610100");
        assertThat(assistance.get("fund_payamt").decimalValue()).isEqualTo(new BigDecimal("4350.00"));
        assertThat(assistance.get("inscp_scp_amt").decimalValue()).isEqualTo(new BigDecimal("5800.00"));
        assertThat(assistance.get("crt_payb_lmt_amt").decimalValue()).isEqualTo(new BigDecimal("50000.00"));
        assertThat(assistance.get("setl_proc_info").asString()).contains("jiujiang-2022 三(三)2(2)");
        balances(output);
    }

    private static JsonNode line(JsonNode output, String fund) {
        for (JsonNode l : output.get("setldetail")) {
            if (fund.equals(l.get("fund_pay_type").asString())) {
                return l;
            }
        }
        throw new AssertionError("no setldetail line for " + fund + " in " + output);
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(2): 2303, 2304 with a lost answer, 2601, a retry, 5206, 5203, 2305 balance to the fen")
    void aHisSpeakingTheNationalInterfaceSettlesReversesALostSettlementRetriesAndCancels() {
        String certno = newIdNumber();
        String person = personRef(certno);
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        String visit = "ZY" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode preview = call(envelope("2303", msgid(), stay(certno, visit)));
        assertThat(preview.get("infcode").asInt()).as(preview.toString()).isZero();
        assertThat(preview.get("inf_refmsgid").asString()).isNotBlank();
        expectedAmounts(preview.get("output"));
        assertThat(preview.get("output").get("setlinfo").get("setl_id").isNull()).isTrue();
        assertThat(count(person)).isZero();

        // 2304 whose answer the HIS never sees
        String lost = msgid();
        call(envelope("2304", lost, stay(certno, visit)));
        assertThat(count(person)).isEqualTo(1);

        JsonNode reversal = call(envelope("2601", msgid(), Map.of("psn_no", person, "omsgid", lost, "oinfno", "2304")));
        assertThat(reversal.get("infcode").asInt()).as(reversal.toString()).isZero();
        assertThat(reversal.get("output").get("rvs_flag").asString()).isEqualTo("1");
        String lostId = reversal.get("output").get("setl_id").asString();
        assertThat(status(lostId)).isEqualTo("REVERSED");
        // the same 2601 again: the settlement was already reversed, nothing more happens, nothing is settled
        JsonNode again = call(envelope("2601", msgid(), Map.of("omsgid", lost, "oinfno", "2304")));
        assertThat(again.get("output").get("rvs_flag").asString()).isEqualTo("0");
        assertThat(count(person)).isEqualTo(1);

        // the retry: the same visit, a new msgid, settled afresh
        JsonNode settled = call(envelope("2304", msgid(), stay(certno, visit)));
        assertThat(settled.get("infcode").asInt()).as(settled.toString()).isZero();
        expectedAmounts(settled.get("output"));
        JsonNode setlinfo = settled.get("output").get("setlinfo");
        String setlId = setlinfo.get("setl_id").asString();
        assertThat(setlId).isNotEqualTo(lostId);
        assertThat(setlinfo.get("mdtrt_id").asString()).isEqualTo(visit);
        assertThat(setlinfo.get("psn_no").asString()).isEqualTo(person);
        assertThat(setlinfo.get("certno").asString()).isEqualTo(certno.substring(0, 6) + "***********" + certno.substring(17));
        assertThat(settled.toString()).doesNotContain(certno);

        // 5206: the year holds exactly the retry (the reversed one counts nothing)
        JsonNode year = call(envelope("5206", msgid(), Map.of("psn_cert_type", "01", "certno", certno, "cum_ym", "202603")));
        assertThat(year.get("infcode").asInt()).as(year.toString()).isZero();
        assertThat(cum(year, "390100")).isEqualTo(new BigDecimal("15000.00"));
        assertThat(cum(year, "610100")).isEqualTo(new BigDecimal("4350.00"));

        // 5203 by setl_id: the same settlement record, balanced
        JsonNode read = call(envelope("5203", msgid(), Map.of("psn_no", person, "setl_id", setlId)));
        assertThat(read.get("infcode").asInt()).as(read.toString()).isZero();
        expectedAmounts(read.get("output"));
        assertThat(read.get("output").get("setlinfo").get("refd_setl_flag").asString()).isEqualTo("0");

        // 2305 by the visit: cancelled; the year is empty again
        JsonNode cancelled = call(envelope("2305", msgid(), Map.of("psn_no", person, "mdtrt_id", visit)));
        assertThat(cancelled.get("infcode").asInt()).as(cancelled.toString()).isZero();
        assertThat(cancelled.get("output").get("setlinfo").get("setl_id").asString()).isEqualTo(setlId);
        assertThat(cancelled.get("output").get("setlinfo").get("refd_setl_flag").asString()).isEqualTo("1");
        assertThat(status(setlId)).isEqualTo("REVERSED");
        JsonNode after = call(envelope("5206", msgid(), Map.of("certno", certno, "cum_ym", "202603")));
        assertThat(after.get("output").get("cuminfo")).isEmpty();
    }

    @Test
    void a2601OfAMessageNeverReceivedAnswersThatItDidNothing() {
        String certno = newIdNumber();
        JsonNode answer = call(envelope("2601", msgid(), Map.of("omsgid", msgid(), "oinfno", "2304")));
        assertThat(answer.get("infcode").asInt()).as(answer.toString()).isZero();
        assertThat(answer.get("output").get("rvs_flag").asString()).isEqualTo("0");
        assertThat(answer.get("output").get("setl_id").isNull()).isTrue();
        assertThat(count(personRef(certno))).isZero();
    }

    @Test
    void a2601OfAPreSettlementHasNothingToReverseAndSettlesNothing() {
        String certno = newIdNumber();
        String preview = msgid();
        call(envelope("2303", preview, stay(certno, "ZY" + UUID.randomUUID().toString().substring(0, 8))));
        JsonNode answer = call(envelope("2601", msgid(), Map.of("omsgid", preview, "oinfno", "2303")));
        assertThat(answer.get("infcode").asInt()).isZero();
        assertThat(answer.get("output").get("rvs_flag").asString()).isEqualTo("0");
        assertThat(count(personRef(certno))).isZero();
    }

    @Test
    void aWrongCodeIsRefusedWithInfcodeMinusOneNamingTheNationalField() {
        Map<String, Object> data = stay(newIdNumber(), "ZY-bad");
        data.put("insutype", "999");
        JsonNode answer = call(envelope("2304", msgid(), data));
        assertThat(answer.get("infcode").asInt()).isEqualTo(-1);
        assertThat(answer.get("err_msg").asString()).contains("input.data.insutype");
        data.put("insutype", "390");
        data.put("medfee_sumamt", new BigDecimal("20800.001"));
        JsonNode precision = call(envelope("2304", msgid(), data));
        assertThat(precision.get("infcode").asInt()).isEqualTo(-1);
        assertThat(precision.get("err_msg").asString()).contains("input.data.medfee_sumamt");
        String id = newIdNumber();
        String wrong = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
        JsonNode year = call(envelope("5206", msgid(), Map.of("certno", wrong, "cum_ym", "202603")));
        assertThat(year.get("infcode").asInt()).isEqualTo(-1);
        assertThat(year.get("err_msg").asString()).contains("input.data.certno").doesNotContain(wrong);
        // a "mask" that is not one (here the whole number and a star) is refused, never stored as the masked number
        Map<String, Object> starred = stay(id + "*", "ZY-star");
        starred.put("psn_no", personRef(id));
        JsonNode refused = call(envelope("2304", msgid(), starred));
        assertThat(refused.get("infcode").asInt()).isEqualTo(-1);
        assertThat(refused.get("err_msg").asString()).contains("input.data.certno");
        assertThat(count(personRef(id))).isZero();
    }

    @Test
    void anotherInstitutionInFixmedinsCodeIsAForbiddenProblemNotAnAnswer() {
        Map<String, Object> e = envelope("2304", msgid(), stay(newIdNumber(), "ZY-other"));
        e.put("fixmedins_code", "H210102001");
        his().post().uri("/api/v1/hsa").bodyValue(e).exchange().expectStatus().isForbidden()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.code").isEqualTo("not-your-institution");
    }

    private static BigDecimal cum(JsonNode year, String fund) {
        for (JsonNode l : year.get("output").get("cuminfo")) {
            if (fund.equals(l.get("cum_type_code").asString())) {
                return l.get("cum").decimalValue();
            }
        }
        throw new AssertionError("no cuminfo line for " + fund + " in " + year);
    }

    private long count(String person) {
        return db.sql("select count(*) from settlement where person_ref = $1").bind(0, person)
                .map((row, meta) -> row.get(0, Long.class)).one().block();
    }

    private String status(String id) {
        return db.sql("select status from settlement where id = $1").bind(0, UUID.fromString(id))
                .map((row, meta) -> row.get(0, String.class)).one().block();
    }
}
