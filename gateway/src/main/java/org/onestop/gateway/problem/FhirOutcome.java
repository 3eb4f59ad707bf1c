package org.onestop.gateway.problem;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * The gateway's refusals on the FHIR base ({@code /api/v1/fhir/**}) as an R4 OperationOutcome, the error shape a FHIR
 * client reads, with the same HTTP status and the same {@code code} as the problem details the gateway answers
 * elsewhere (a coding of settlement-service's {@code problem-code} CodeSystem, docs/fhir.md "Errors"). Written as plain
 * JSON: the gateway carries no FHIR library for one small resource.
 */
final class FhirOutcome {

    static final String BASE = "/api/v1/fhir";
    static final MediaType MEDIA_TYPE = new MediaType("application", "fhir+json", StandardCharsets.UTF_8);
    static final String PROBLEM_CODES = "https://onestop.example/fhir/CodeSystem/problem-code";

    private FhirOutcome() {
    }

    static boolean isFhirPath(String path) {
        return path.equals(BASE) || path.startsWith(BASE + "/");
    }

    static Map<String, Object> of(Problem problem, Object requestId) {
        Map<String, Object> coding = new LinkedHashMap<>();
        coding.put("system", PROBLEM_CODES);
        coding.put("code", problem.code());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("coding", List.of(coding));
        details.put("text", problem.detail());
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("severity", "error");
        issue.put("code", issueType(problem.status().value()));
        issue.put("details", details);
        if (requestId != null) {
            issue.put("diagnostics", "requestId " + requestId);
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resourceType", "OperationOutcome");
        outcome.put("issue", List.of(issue));
        return outcome;
    }

    /** The R4 issue type (http://hl7.org/fhir/issue-type) of an HTTP status the gateway answers. */
    static String issueType(int status) {
        return switch (status) {
            case 401 -> "login";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405, 415 -> "not-supported";
            case 413 -> "too-long";
            case 429 -> "throttled";
            case 503 -> "transient";
            case 504 -> "timeout";
            default -> status >= 500 ? "exception" : "invalid";
        };
    }
}
