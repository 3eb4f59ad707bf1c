package org.onestop.messaging.dependency;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deadline of every HTTP request: when PostgreSQL or Kafka stalls, a request is answered with the 503
 * {@link ServiceUnavailable} problem after {@link DependencyDeadlines#request()} instead of hanging for the whole
 * stall. Reactor's {@code timeout} cancels the work, so an open transaction is rolled back (once the server answers
 * again) and its connection returns to the pool. Actuator paths are left alone (their indicators are cached and never
 * wait); the paths in {@link DependencyDeadlines#longRequestPaths()} get {@link DependencyDeadlines#longRequest()}.
 * Ordered before Spring Security's filter chain, so nothing escapes the deadline.
 */
public class RequestDeadlineFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RequestDeadlineFilter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DependencyDeadlines deadlines;
    private final List<PathPattern> longPaths;

    public RequestDeadlineFilter(DependencyDeadlines deadlines) {
        this.deadlines = deadlines;
        this.longPaths = deadlines.longRequestPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public int getOrder() {
        return -200; // outside WebFilterChainProxy (-100)
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (path.value().startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        Duration deadline = longPaths.stream().anyMatch(p -> p.matches(path)) ? deadlines.longRequest() : deadlines.request();
        // an answer already on its way when the deadline passes is let finish: it can no longer be turned into a 503
        Mono<Long> unanswered = Mono.delay(deadline).filter(t -> !exchange.getResponse().isCommitted());
        return chain.filter(exchange).timeout(unanswered)
                .onErrorResume(TimeoutException.class, e -> unavailable(exchange, deadline));
    }

    private Mono<Void> unavailable(ServerWebExchange exchange, Duration deadline) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // committed between the check and now, or a TimeoutException of the work itself: cut the connection
            return Mono.error(new DependencyUnavailableException("deadline of " + deadline + " passed while answering", null));
        }
        log.warn("{} answered 503 {}: no answer within its deadline of {}", exchange.getRequest().getMethod(),
                ServiceUnavailable.CODE, deadline);
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(deadlines.retryAfterSeconds()));
        byte[] body = JSON.writeValueAsBytes(ServiceUnavailable.members(exchange.getRequest().getPath().value()));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
