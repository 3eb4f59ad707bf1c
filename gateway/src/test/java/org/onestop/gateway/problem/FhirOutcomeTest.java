package org.onestop.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Under the FHIR base the gateway refuses with an OperationOutcome; everywhere else with problem details, unchanged. */
class FhirOutcomeTest {

    private final ProblemWriter writer = new ProblemWriter();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aRefusalUnderTheFhirBaseIsAnOperationOutcomeWithTheProblemsStatusAndCode() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/fhir/ExplanationOfBenefit/x"));
        exchange.getAttributes().put(ProblemWriter.REQUEST_ID, "req-1");
        Problem scope = Problem.of(HttpStatus.FORBIDDEN, "insufficient-scope", "令牌无此权限 (this token lacks the scope persons:read)")
                .header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        writer.write(exchange, scope).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange.getResponse().getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("application/fhir+json")))
                .isTrue();
        assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
        JsonNode outcome = json.readTree(exchange.getResponse().getBodyAsString().block());
        assertThat(outcome.get("resourceType").asString()).isEqualTo("OperationOutcome");
        JsonNode issue = outcome.get("issue").get(0);
        assertThat(issue.get("severity").asString()).isEqualTo("error");
        assertThat(issue.get("code").asString()).isEqualTo("forbidden");
        assertThat(issue.get("details").get("coding").get(0).get("system").asString()).isEqualTo(FhirOutcome.PROBLEM_CODES);
        assertThat(issue.get("details").get("coding").get(0).get("code").asString()).isEqualTo("insufficient-scope");
        assertThat(issue.get("diagnostics").asString()).isEqualTo("requestId req-1");
        assertThat(exchange.getAttributes().get(ProblemWriter.PROBLEM_CODE)).isEqualTo("insufficient-scope");
    }

    @Test
    void elsewhereTheRefusalStaysAProblem() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/fhirx/anything"));
        writer.write(exchange, Problem.of(HttpStatus.NOT_FOUND, "not-found", "没有这个资源 (no such resource)")).block();
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(exchange.getResponse().getBodyAsString().block().getBytes(StandardCharsets.UTF_8));
        assertThat(problem.get("code").asString()).isEqualTo("not-found");
    }

    @Test
    void eachStatusTheGatewayAnswersHasItsFhirIssueType() {
        assertThat(FhirOutcome.issueType(401)).isEqualTo("login");
        assertThat(FhirOutcome.issueType(404)).isEqualTo("not-found");
        assertThat(FhirOutcome.issueType(405)).isEqualTo("not-supported");
        assertThat(FhirOutcome.issueType(429)).isEqualTo("throttled");
        assertThat(FhirOutcome.issueType(503)).isEqualTo("transient");
        assertThat(FhirOutcome.issueType(504)).isEqualTo("timeout");
        assertThat(FhirOutcome.issueType(502)).isEqualTo("exception");
        assertThat(FhirOutcome.issueType(400)).isEqualTo("invalid");
    }
}
