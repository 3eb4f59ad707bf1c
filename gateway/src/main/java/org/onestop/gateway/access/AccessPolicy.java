package org.onestop.gateway.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;
import org.onestop.gateway.partner.Partner;
import org.onestop.gateway.partner.PartnerType;
import org.onestop.gateway.problem.Problem;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.JsonNode;

/**
 * The public API as the gateway knows it: each route's action (named in the audit), the scope it needs, and what a
 * partner of each type may touch. A request that matches no rule is answered 404 without reaching a service (deny by
 * default). Pure: no I/O, so every rule is tested without a network.
 */
final class AccessPolicy {

    /** Where a body, a path or an answer names the owner, and what it must equal. */
    enum Owner { NONE, HOSPITAL, DEPARTMENT, REGION }

    /**
     * @param action    audit name of what is attempted
     * @param scope     the token must carry it
     * @param service   which service answers ({@code identity}, {@code settlement}, {@code enrollment}, {@code monitoring},
     *                  or {@code gateway})
     * @param json      the body is JSON that the gateway reads (size-limited to {@code json-max}); false for no body or a
     *                  streamed upload
     * @param ownerPath for a hospital/department/office acting on one stored thing: the service path that answers it as
     *                  JSON, checked before the call (its {@code {id}} taken from the request path), else null
     */
    record Rule(HttpMethod method, PathPattern pattern, String action, String scope, String service, boolean json,
            String ownerPath) {

        boolean matches(HttpMethod m, PathContainer path) {
            return method.equals(m) && pattern.matches(path);
        }

        Map<String, String> variables(PathContainer path) {
            PathPattern.PathMatchInfo info = pattern.matchAndExtract(path);
            return info == null ? Map.of() : info.getUriVariables();
        }
    }

    static final String CSV_ACTION = "identity.batch-csv";
    static final String NATIONAL_ACTION = "settlement.national";
    /** The identity JSON batch: its own body limit ({@code batch-json-max}), as identity-service reads up to 16 MB. */
    static final String BATCH_ACTION = "identity.batch";
    static final String BATCH_LIST_ACTION = "identity.batch-list";

    private static final PathPatternParser PARSER = new PathPatternParser();

    static final List<Rule> RULES = List.of(
            rule(HttpMethod.POST, "/api/v1/settlements", "settlement.settle", "settlement:write", "settlement", true, null),
            rule(HttpMethod.POST, "/api/v1/settlements/preview", "settlement.preview", "settlement:write", "settlement", true, null),
            rule(HttpMethod.POST, "/api/v1/settlements/{id}/cancel", "settlement.cancel", "settlement:write", "settlement", true,
                    "/api/v1/settlements/{id}"),
            // by the hospital's own keys (query messageId or hospitalSettlementRef); the service finds only the caller's
            rule(HttpMethod.GET, "/api/v1/settlements", "settlement.find", "settlement:read", "settlement", false, null),
            rule(HttpMethod.POST, "/api/v1/settlements/cancel", "settlement.cancel-by", "settlement:write", "settlement", false, null),
            // the national envelope (infno in the body): fixmedins_code is the hospital, certno becomes psn_no (NationalEnvelope)
            rule(HttpMethod.POST, "/api/v1/hsa", NATIONAL_ACTION, "settlement:write", "settlement", true, null),
            rule(HttpMethod.GET, "/api/v1/settlements/{id}", "settlement.read", "settlement:read", "settlement", false, null),
            rule(HttpMethod.GET, "/api/v1/settlements/{id}/statement", "settlement.statement", "settlement:read", "settlement",
                    false, "/api/v1/settlements/{id}"),
            rule(HttpMethod.GET, "/api/v1/settlements/{id}/statement.pdf", "settlement.statement-pdf", "settlement:read",
                    "settlement", false, "/api/v1/settlements/{id}"),
            // issues a signed, short-lived link that opens the statement at /print/statements/{token} without a token
            rule(HttpMethod.POST, "/api/v1/settlements/{id}/print-link", "settlement.print-link", "settlement:read", "settlement",
                    false, "/api/v1/settlements/{id}"),
            rule(HttpMethod.GET, "/api/v1/persons/{personRef}/years/{year}", "person.year", "persons:read", "settlement", false, null),
            // FHIR R4 (docs/fhir.md): settlement-service filters by hospital or area as for its settlement and person-year reads
            rule(HttpMethod.GET, "/api/v1/fhir/ExplanationOfBenefit", "fhir.eob-search", "persons:read", "settlement", false, null),
            rule(HttpMethod.GET, "/api/v1/fhir/ExplanationOfBenefit/{id}", "fhir.eob-read", "persons:read", "settlement", false, null),
            // the CapabilityStatement and our CodeSystems: no person data, the same partners as the reads above
            rule(HttpMethod.GET, "/api/v1/fhir/metadata", "fhir.metadata", "persons:read", "settlement", false, null),
            rule(HttpMethod.GET, "/api/v1/fhir/CodeSystem", "fhir.codesystem-search", "persons:read", "settlement", false, null),
            rule(HttpMethod.GET, "/api/v1/fhir/CodeSystem/{id}", "fhir.codesystem-read", "persons:read", "settlement", false, null),
            // policy what-if (docs/what-if.md): settlement-service checks the office's area again and hides other areas' runs
            rule(HttpMethod.POST, "/api/v1/what-if", "whatif.start", "whatif:write", "settlement", true, null),
            rule(HttpMethod.GET, "/api/v1/what-if/export", "whatif.export", "whatif:read", "settlement", false, null),
            rule(HttpMethod.GET, "/api/v1/what-if/{id}", "whatif.read", "whatif:read", "settlement", false, null),
            rule(HttpMethod.DELETE, "/api/v1/what-if/{id}", "whatif.cancel", "whatif:write", "settlement", false, null),
            rule(HttpMethod.POST, "/api/v1/applications", "application.register", "applications:write", "settlement", true, null),
            rule(HttpMethod.GET, "/api/v1/applications/{id}", "application.read", "applications:read", "settlement", false, null),
            rule(HttpMethod.GET, "/api/v1/applications/{id}/notice", "application.notice", "applications:read", "settlement",
                    false, "/api/v1/applications/{id}"),
            rule(HttpMethod.POST, "/api/v1/identity/batches", BATCH_ACTION, "identity:write", "identity", true, null),
            rule(HttpMethod.POST, "/api/v1/identity/batches/csv", CSV_ACTION, "identity:write", "identity", false, null),
            // identity-service lists a department's own batches only (the same ownership as one batch's report)
            rule(HttpMethod.GET, "/api/v1/identity/batches", BATCH_LIST_ACTION, "identity:read", "identity", false, null),
            rule(HttpMethod.GET, "/api/v1/identity/batches/{id}", "identity.batch-read", "identity:read", "identity", false, null),
            rule(HttpMethod.GET, "/api/v1/identity/batches/{id}/rows", "identity.batch-rows", "identity:read", "identity", false,
                    "/api/v1/identity/batches/{id}"),
            rule(HttpMethod.POST, "/api/v1/identity/persons/lookup", "identity.lookup", "identity:read", "identity", true, null),
            rule(HttpMethod.GET, "/api/v1/identity/persons/{personRef}/identities", "identity.person", "identity:read", "identity",
                    false, null),
            rule(HttpMethod.GET, "/api/v1/identity/persons/{personRef}/history", "identity.history", "identity:read", "identity",
                    false, null),
            rule(HttpMethod.POST, "/api/v1/enrollment/contributions", "enrollment.contribution", "enrollment:write", "enrollment",
                    true, null),
            rule(HttpMethod.GET, "/api/v1/enrollment/persons/{personRef}/years/{year}", "enrollment.person-year", "subsidies:read",
                    "enrollment", false, null),
            rule(HttpMethod.GET, "/api/v1/enrollment/regions/{region}/subsidies.csv", "enrollment.tax-list", "subsidies:read",
                    "enrollment", false, null),
            // each service's operator status about itself (docs/runbook.md › Operator status); before monitoring's /**
            rule(HttpMethod.GET, "/api/v1/identity/operations/status", "operations.identity", "ops:read", "identity", false, null),
            rule(HttpMethod.GET, "/api/v1/settlement/operations/status", "operations.settlement", "ops:read", "settlement", false,
                    null),
            rule(HttpMethod.GET, "/api/v1/enrollment/operations/status", "operations.enrollment", "ops:read", "enrollment", false,
                    null),
            rule(HttpMethod.GET, "/api/v1/monitoring/operations/status", "operations.monitoring", "ops:read", "monitoring", false,
                    null),
            rule(HttpMethod.POST, "/api/v1/monitoring/warnings/{id}/acknowledge", "monitoring.acknowledge", "warnings:write",
                    "monitoring", true, null),
            rule(HttpMethod.GET, "/api/v1/monitoring/**", "monitoring.read", "warnings:read", "monitoring", false, null),
            // answered by the gateway itself (package bulk), which checks every record's hospital before producing any
            rule(HttpMethod.POST, "/api/v1/discharges/bulk", "settlement.bulk", "settlement:write", "gateway", true, null),
            rule(HttpMethod.GET, "/api/v1/audit", "audit.read", "audit:read", "gateway", false, null));

    private AccessPolicy() {
    }

    private static Rule rule(HttpMethod method, String pattern, String action, String scope, String service, boolean json,
            String ownerPath) {
        return new Rule(method, PARSER.parse(pattern), action, scope, service, json, ownerPath);
    }

    /** The rule of this call; a 404 problem when there is none (405 when the path exists with another method). */
    static Rule match(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        Rule pathOnly = null;
        for (Rule r : RULES) {
            if (r.matches(method, container)) {
                return r;
            }
            if (pathOnly == null && r.pattern().matches(container)) {
                pathOnly = r;
            }
        }
        if (pathOnly != null) {
            throw Problem.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "不支持的请求方法 (method not allowed)");
        }
        throw Problem.of(HttpStatus.NOT_FOUND, "not-found", "没有这个资源 (no such resource)");
    }

    static void requireScope(Rule rule, Partner partner, List<String> tokenScopes) {
        if (!tokenScopes.contains(rule.scope())) {
            throw Problem.of(HttpStatus.FORBIDDEN, "insufficient-scope",
                    "令牌无此权限 (this token lacks the scope " + rule.scope() + ")").with("requiredScope", rule.scope())
                    .header("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + rule.scope() + "\"");
        }
    }

    /** Checks what the path and query say (before any body is read). */
    static void checkRequestLine(Rule rule, Partner partner, Map<String, String> vars, MultiValueMap<String, String> query,
            org.springframework.http.HttpHeaders headers) {
        switch (rule.action()) {
            case "enrollment.tax-list" -> {
                if (partner.type() == PartnerType.INSURANCE_OFFICE && !partner.inRegion(vars.get("region"))) {
                    throw notYourRegion();
                }
            }
            case CSV_ACTION -> checkCsvForm(partner, query, headers);
            case "whatif.export" -> {
                String region = query.getFirst("region");
                if (region != null && !partner.inRegion(region)) {
                    throw notYourRegion();
                }
            }
            default -> {
            }
        }
    }

    /** The CSV form's file-level fields come as query parameters or {@code X-Onestop-*} headers (identity-api.md). */
    private static void checkCsvForm(Partner partner, MultiValueMap<String, String> query,
            org.springframework.http.HttpHeaders headers) {
        Department own = department(partner);
        String department = formField(query, headers, "department", "X-Onestop-Department");
        if (department != null) {
            Department asked = Department.parse(department).orElse(null);
            if (asked != own) {
                throw notYourDepartment();
            }
        }
        String category = formField(query, headers, "category", "X-Onestop-Category");
        if (category != null) {
            IdentityType.parse(category).filter(t -> !own.mayPush(t)).ifPresent(t -> {
                throw typeNotOwned(own, List.of(t.name()), List.of());
            });
        }
        String region = formField(query, headers, "regionCode", "X-Onestop-RegionCode");
        if (region != null && !partner.inRegion(region)) {
            throw notYourRegion();
        }
    }

    private static String formField(MultiValueMap<String, String> query, org.springframework.http.HttpHeaders headers,
            String param, String header) {
        String q = query.getFirst(param);
        return q != null ? q : headers.getFirst(header);
    }

    /** Checks a JSON body against the partner. {@code body} is null when the body is empty. */
    static void checkBody(Rule rule, Partner partner, JsonNode body) {
        switch (rule.action()) {
            case "settlement.settle", "settlement.preview" -> {
                String hospital = text(body, "hospitalId");
                if (hospital == null) {
                    throw Problem.of(HttpStatus.BAD_REQUEST, "hospital-id-required", "缺少定点医疗机构编码 (hospitalId is required)");
                }
                if (!hospital.equals(partner.institutionId())) {
                    throw Problem.of(HttpStatus.FORBIDDEN, "not-your-institution",
                            "只能为本机构办理结算 (hospitalId must be the institution of this token)");
                }
            }
            case NATIONAL_ACTION -> {
                String hospital = text(body, "fixmedins_code");
                if (hospital == null) {
                    throw Problem.of(HttpStatus.BAD_REQUEST, "fixmedins-code-required",
                            "缺少定点医药机构编号 (fixmedins_code is required)");
                }
                if (!hospital.equals(partner.institutionId())) {
                    throw Problem.of(HttpStatus.FORBIDDEN, "not-your-institution",
                            "只能为本机构办理结算 (fixmedins_code must be the institution of this token)");
                }
            }
            case "settlement.cancel" -> {
                String hospital = text(body, "hospitalId");
                if (hospital != null && !hospital.equals(partner.institutionId())) {
                    throw Problem.of(HttpStatus.FORBIDDEN, "not-your-institution",
                            "只能撤销本机构的结算 (hospitalId must be the institution of this token)");
                }
            }
            case "application.register", "enrollment.contribution" -> {
                String region = text(body, "regionCode");
                if (region != null && !partner.inRegion(region)) {
                    throw notYourRegion();
                }
                if (region == null && rule.action().equals("application.register")) {
                    throw Problem.of(HttpStatus.BAD_REQUEST, "region-required", "缺少行政区划代码 (regionCode is required)");
                }
            }
            case "whatif.start" -> {
                String region = text(body, "region");
                if (region != null && !partner.inRegion(region)) {
                    throw notYourRegion();
                }
            }
            case "identity.batch" -> checkIdentityBatch(partner, body);
            case "monitoring.acknowledge" -> {
                // the department acknowledges for itself; the body may omit it (monitoring-service takes the header's)
                String department = text(body, "department");
                if (department != null && Department.parse(department).orElse(null) != department(partner)) {
                    throw notYourDepartment();
                }
            }
            default -> {
            }
        }
    }

    private static void checkIdentityBatch(Partner partner, JsonNode body) {
        Department own = department(partner);
        String department = text(body, "department");
        if (department == null) {
            throw Problem.of(HttpStatus.BAD_REQUEST, "department-required", "缺少报送部门 (department is required)");
        }
        if (Department.parse(department).orElse(null) != own) {
            throw notYourDepartment();
        }
        JsonNode records = body == null ? null : body.get("records");
        if (records == null || !records.isArray()) {
            return; // the service answers no-records
        }
        List<String> notOwned = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<Integer> outside = new ArrayList<>();
        int row = 0;
        for (JsonNode r : records) {
            row++;
            String type = text(r, "identityType");
            if (type != null) {
                IdentityType t = IdentityType.parse(type).orElse(null);
                if (t != null && !own.mayPush(t)) {
                    if (!notOwned.contains(t.name())) {
                        notOwned.add(t.name());
                    }
                    rows.add(row);
                }
            }
            String region = text(r, "regionCode");
            if (region != null && !partner.inRegion(region)) {
                outside.add(row);
            }
        }
        if (!notOwned.isEmpty()) {
            throw typeNotOwned(own, notOwned, rows);
        }
        if (!outside.isEmpty()) {
            throw notYourRegion().with("rows", outside.size() > 100 ? outside.subList(0, 100) : outside);
        }
    }

    /** For reads of one stored thing: the JSON field naming its owner, or null when this partner sees all. */
    static String ownerField(Rule rule, Partner partner) {
        String service = rule.service();
        return switch (partner.type()) {
            case HOSPITAL -> service.equals("settlement") && rule.action().startsWith("settlement.") ? "hospitalId" : null;
            // the batch list is no one stored thing: identity-service filters it to the department itself
            case DEPARTMENT -> service.equals("identity") && rule.action().startsWith("identity.batch")
                    && !rule.action().equals(BATCH_LIST_ACTION) ? "department" : null;
            case INSURANCE_OFFICE -> rule.action().startsWith("application.") ? "regionCode" : null;
            case OPERATOR -> null;
        };
    }

    /**
     * Whether an answer names this partner as its owner: {@code field} must be the partner's, and an identity batch's
     * {@code area} (when the answer has one) must lie in the partner's area (two areas' departments share a name).
     */
    static boolean ownsAnswer(Partner partner, String field, JsonNode answer) {
        if (!owns(partner, field, text(answer, field))) {
            return false;
        }
        String area = field.equals("department") ? text(answer, "area") : null;
        return area == null || partner.inRegion(area);
    }

    /** Whether the owner named in an answer is this partner. */
    static boolean owns(Partner partner, String field, String value) {
        if (value == null) {
            return false;
        }
        return switch (field) {
            case "hospitalId" -> value.equals(partner.institutionId());
            case "department" -> Department.parse(value).orElse(null) == department(partner);
            case "regionCode" -> partner.inRegion(value);
            default -> false;
        };
    }

    private static Department department(Partner partner) {
        return Department.parse(partner.department()).orElseThrow(() -> Problem.of(HttpStatus.FORBIDDEN,
                "not-a-department", "只有部门可以报送身份 (only a department's token may push identities)"));
    }

    static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asString().strip();
    }

    private static Problem notYourDepartment() {
        return Problem.of(HttpStatus.FORBIDDEN, "not-your-department", "只能以本部门名义报送 (department must be the department of this token)");
    }

    private static Problem notYourRegion() {
        return Problem.of(HttpStatus.FORBIDDEN, "not-your-region", "超出本机构辖区 (regionCode is outside the area of this token)");
    }

    private static Problem typeNotOwned(Department own, List<String> types, List<Integer> rows) {
        return Problem.of(HttpStatus.FORBIDDEN, "type-not-owned", own.chineseName() + "无权报送这些身份类别 (" + own
                + " may not push " + String.join(", ", types) + ")").with("identityTypes", types)
                .with("rows", rows.size() > 100 ? rows.subList(0, 100) : rows);
    }
}
