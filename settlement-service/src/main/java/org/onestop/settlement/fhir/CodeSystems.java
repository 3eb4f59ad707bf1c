package org.onestop.settlement.fhir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.CodeSystemContentMode;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.onestop.policy.Layer;

/**
 * The CodeSystems our resources use, served at {@code /api/v1/fhir/CodeSystem/{id}} (docs/fhir.md "Code systems").
 * Each is {@code content = complete}: a validator that holds them refuses any code not listed, so a fund code the engine
 * starts paying from without being named here makes every EOB carrying it invalid (the tests validate against these
 * very resources, as served).
 */
final class CodeSystems {

    /**
     * {@code setldetail.fund_pay_type} as the engine and the policy files pay from them (docs/policies.md "Layers").
     * Displays are the names the engine gives the funds; 610102 and 640100 are the policy files' codes for the
     * secondary-assistance and backstop funds, where the national interface names none of its own.
     */
    static final Map<String, String> FUNDS = funds();

    static final String HOSPITAL_ABSORBS_DISPLAY = "医院负担";

    /**
     * The gateway's own refusals that can meet a FHIR GET before it reaches this service (docs/gateway.md): the gateway
     * writes them as OperationOutcome under the FHIR base with these codes, so they are part of this CodeSystem too.
     */
    static final Map<String, String> GATEWAY_PROBLEMS = gatewayProblems();

    private static final List<CodeSystem> ALL = List.of(fundCodes(), layers(), adjudication(), problems());

    private CodeSystems() {
    }

    static List<CodeSystem> all() {
        return ALL.stream().map(CodeSystem::copy).toList();
    }

    static Optional<CodeSystem> byId(String id) {
        return ALL.stream().filter(c -> c.getIdElement().getIdPart().equals(id)).findFirst().map(CodeSystem::copy);
    }

    static Optional<CodeSystem> byUrl(String url) {
        return ALL.stream().filter(c -> c.getUrl().equals(url)).findFirst().map(CodeSystem::copy);
    }

    private static Map<String, String> funds() {
        Map<String, String> funds = new LinkedHashMap<>();
        funds.put("310100", "职工基本医疗保险统筹基金");
        funds.put("390100", "城乡居民基本医疗保险基金");
        funds.put("330100", "职工大额医疗费用补助");
        funds.put("390200", "城乡居民大病保险");
        funds.put("610100", "医疗救助基金");
        funds.put("610102", "倾斜救助/再救助");
        funds.put("640100", "财政兜底（目录外费用）");
        funds.put("999996", "超限额部分由定点医疗机构承担");
        return Collections.unmodifiableMap(funds);
    }

    private static Map<String, String> gatewayProblems() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("unauthenticated", "缺少或无效的令牌 (no valid bearer token)");
        p.put("token-revoked", "令牌已吊销 (the token was revoked)");
        p.put("insufficient-scope", "令牌无此权限 (the token lacks the scope)");
        p.put("forbidden", "无权访问 (not allowed)");
        p.put("method-not-allowed", "不支持的请求方法 (method not allowed)");
        p.put("bad-path", "路径不规范 (the path must be canonical)");
        p.put("ambiguous-framing", "请求报文格式有歧义 (ambiguous request framing)");
        p.put("bad-request", "请求无效 (bad request)");
        p.put("unsupported-media-type", "不支持的内容类型 (unsupported Content-Type)");
        p.put("rate-limited", "请求过于频繁 (too many requests)");
        p.put("token-rate-limited", "令牌请求过于频繁 (too many requests for this token)");
        p.put("route-busy", "服务繁忙 (too many calls in flight)");
        p.put("circuit-open", "服务暂时不可用 (the service's circuit is open)");
        p.put("service-unavailable", "服务暂时不可用 (the service is unavailable)");
        p.put("service-timeout", "服务响应超时 (the service did not answer in time)");
        p.put("gateway-error", "网关内部错误 (internal gateway error)");
        return Collections.unmodifiableMap(p);
    }

    private static CodeSystem fundCodes() {
        CodeSystem c = base("fund-code", FhirNames.FUND_CODES, "FundCode", "基金支付类型 (fund codes)",
                "The fund a layer of a settlement pays from: the national setldetail.fund_pay_type codes the policy files and "
                        + "the engine use. An ExplanationOfBenefit names it in adjudication.reason and benefitBalance.category.");
        FUNDS.forEach((code, display) -> c.addConcept().setCode(code).setDisplay(display));
        return counted(c);
    }

    private static CodeSystem layers() {
        CodeSystem c = base("layer", FhirNames.LAYERS, "SettlementLayer", "结算分层 (settlement layers)",
                "The layer of the three-layer settlement (basic insurance, critical illness insurance, assistance, and the "
                        + "layers after them) that paid an amount, beside the fund it paid from.");
        for (Layer l : Layer.values()) {
            c.addConcept().setCode(l.name()).setDisplay(l.chineseName());
        }
        return counted(c);
    }

    private static CodeSystem adjudication() {
        CodeSystem c = base("adjudication", FhirNames.ADJUDICATION, "OnestopAdjudication", "结算裁定类别 (adjudication categories)",
                "Adjudication categories the base adjudication CodeSystem lacks.");
        c.addConcept().setCode(FhirNames.HOSPITAL_ABSORBS).setDisplay(HOSPITAL_ABSORBS_DISPLAY)
                .setDefinition("The part of the bill the hospital bears (a Shanxi single-disease stay above its cap price).");
        return counted(c);
    }

    private static CodeSystem problems() {
        CodeSystem c = base("problem-code", FhirNames.PROBLEMS, "ProblemCode", "错误代码 (problem codes)",
                "Why the FHIR surface refused a request: the same code the suite's RFC 9457 problems carry for the same case.");
        for (FhirProblem p : FhirProblem.values()) {
            c.addConcept().setCode(p.code()).setDisplay(p.display());
        }
        GATEWAY_PROBLEMS.forEach((code, display) -> c.addConcept().setCode(code).setDisplay(display));
        return counted(c);
    }

    private static CodeSystem base(String id, String url, String name, String title, String description) {
        CodeSystem c = new CodeSystem();
        c.setId(id);
        c.setUrl(url);
        c.setVersion("1");
        c.setName(name);
        c.setTitle(title);
        c.setStatus(PublicationStatus.ACTIVE);
        c.setExperimental(false);
        c.setPublisher("OneStop");
        c.setDescription(description);
        c.setCaseSensitive(true);
        c.setContent(CodeSystemContentMode.COMPLETE);
        return c;
    }

    private static CodeSystem counted(CodeSystem c) {
        return c.setCount(c.getConcept().size());
    }
}
