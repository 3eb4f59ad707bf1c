package org.onestop.gateway.problem;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Problem} as {@code application/problem+json}, with the request's path as {@code instance}; under the
 * FHIR base ({@code /api/v1/fhir}) as a FHIR OperationOutcome instead ({@link FhirOutcome}).
 */
@Component
public class ProblemWriter {

    public static final String REQUEST_ID = "onestop.requestId";
    public static final String PROBLEM_CODE = "onestop.problemCode";

    private final JsonMapper json = JsonMapper.builder().build();

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        exchange.getAttributes().put(PROBLEM_CODE, problem.code());
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(problem.status());
        response.getHeaders().putAll(problem.headers());
        response.getHeaders().remove("Content-Length");
        if (FhirOutcome.isFhirPath(exchange.getRequest().getPath().value())) {
            // a FHIR client reads OperationOutcome, not problem details (docs/fhir.md "Errors")
            response.getHeaders().setContentType(FhirOutcome.MEDIA_TYPE);
            return body(response, json.writeValueAsString(FhirOutcome.of(problem, exchange.getAttribute(REQUEST_ID))));
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "/problems/" + problem.code());
        body.put("title", problem.status().getReasonPhrase());
        body.put("status", problem.status().value());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("code", problem.code());
        Object requestId = exchange.getAttribute(REQUEST_ID);
        if (requestId != null) {
            body.put("requestId", requestId);
        }
        body.putAll(problem.extra());
        return body(response, json.writeValueAsString(body));
    }

    private static Mono<Void> body(ServerHttpResponse response, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
