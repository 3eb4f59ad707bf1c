package org.onestop.gateway.access;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.onestop.gateway.problem.Problem;
import org.onestop.gateway.problem.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Requests Netty's HTTP decoder refused — a header block over 8 KB (431), a request line over 8 KB (414), several
 * {@code Content-Length} values (400) — still reach the handler, with the refusal's status already set on the native
 * response; they are answered here, first of all filters, as problem details like every other refusal, before any
 * other filter (security, routing) could answer them with a body that does not match the status.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DecodingFailureFilter implements WebFilter {

    private final ProblemWriter problems;

    DecodingFailureFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpResponseStatus preset = presetStatus(exchange.getResponse());
        if (preset == null || preset.code() == HttpResponseStatus.OK.code()) {
            return chain.filter(exchange);
        }
        Problem problem = switch (preset.code()) {
            case 431 -> Problem.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                    "请求头过大 (the request's header block is larger than the gateway accepts)");
            case 414 -> Problem.of(HttpStatus.URI_TOO_LONG, "uri-too-long",
                    "请求行过长 (the request line is longer than 8 KB)");
            case 413 -> Problem.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "请求体过大 (the body is too large)");
            default -> Problem.of(HttpStatus.BAD_REQUEST, "malformed-request",
                    "请求格式错误 (the request could not be parsed, e.g. several Content-Length values)");
        };
        return problems.write(exchange, problem);
    }

    /** The status the native response was created with: 200 for a decoded request, the refusal's otherwise. */
    static HttpResponseStatus presetStatus(ServerHttpResponse response) {
        ServerHttpResponse r = response;
        while (r instanceof ServerHttpResponseDecorator decorator) {
            r = decorator.getDelegate();
        }
        if (r instanceof AbstractServerHttpResponse a && a.getNativeResponse() instanceof HttpServerResponse nettyResponse) {
            return nettyResponse.status();
        }
        return null;
    }
}
