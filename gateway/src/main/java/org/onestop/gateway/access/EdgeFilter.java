package org.onestop.gateway.access;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.UUID;
import org.onestop.gateway.audit.PiiMask;
import org.onestop.gateway.problem.Problem;
import org.onestop.gateway.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The first thing every request meets, before authentication:
 * <ul>
 * <li>a path that is not plainly canonical is refused (400): dot segments, encoded dots and slashes, backslashes,
 * matrix parameters, NUL, double slashes, percent-encoded percent. The services never see a path that a proxy and a
 * service could read differently ({@code /api/v1/../actuator}, {@code /api/v1/%2e%2e/actuator}, …).</li>
 * <li>conflicting framing is refused (400): both {@code Content-Length} and {@code Transfer-Encoding}, several
 * {@code Content-Length} values, a transfer coding other than {@code chunked} (request smuggling).</li>
 * <li>the trust headers the gateway itself sets ({@link #TRUST_HEADERS}) are removed from what the partner sent.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class EdgeFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(EdgeFilter.class);

    /** Never taken from a partner: whatever a partner sends under these names is dropped. */
    static final List<String> TRUST_HEADERS = Stream.concat(PartnerFilter.RETIRED_TRUST_HEADERS.stream(),
            Stream.of("X-Onestop-Client",
            "X-Onestop-Request-Id", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix",
            "X-Forwarded-Port", "Forwarded", "X-Real-IP")).toList();

    private static final java.util.regex.Pattern CONTENT_LENGTH = java.util.regex.Pattern.compile("\\d{1,18}");

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final ProblemWriter problems;

    EdgeFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId = requestId();
        exchange.getAttributes().put(ProblemWriter.REQUEST_ID, requestId);
        ServerHttpRequest request = exchange.getRequest();
        Problem refused = check(request);
        if (refused != null) {
            log.warn("refused at the edge: {} {} -> {} (request {})", request.getMethod(),
                    PiiMask.mask(truncate(request.getURI().getRawPath())), refused.code(), requestId);
            return problems.write(exchange, refused);
        }
        ServerHttpRequest cleaned = request.mutate().headers(h -> {
            TRUST_HEADERS.forEach(h::remove);
            h.set("X-Onestop-Request-Id", requestId);
        }).build();
        exchange.getResponse().getHeaders().set("X-Onestop-Request-Id", requestId);
        return chain.filter(exchange.mutate().request(cleaned).build());
    }

    /**
     * A random (version 4 layout) id for correlating log lines and problems. It identifies, it does not protect, so it
     * comes from {@link java.util.concurrent.ThreadLocalRandom} rather than the blocking-prone, slower SecureRandom of
     * {@link UUID#randomUUID()}.
     */
    static String requestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    static Problem check(ServerHttpRequest request) {
        if (!METHODS.contains(request.getMethod().name())) {
            return Problem.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "不支持的请求方法 (method not allowed)");
        }
        String raw = request.getURI().getRawPath();
        if (raw == null || !raw.startsWith("/") || !canonical(raw)) {
            return Problem.of(HttpStatus.BAD_REQUEST, "bad-path", "路径不规范 (the path must be canonical: no dot segments, "
                    + "encoded slashes or dots, backslashes, matrix parameters or empty segments)");
        }
        HttpHeaders h = request.getHeaders();
        List<String> lengths = h.getOrEmpty(HttpHeaders.CONTENT_LENGTH);
        List<String> codings = h.getOrEmpty(HttpHeaders.TRANSFER_ENCODING);
        if (lengths.size() > 1 || lengths.stream().anyMatch(v -> v.contains(",") || !CONTENT_LENGTH.matcher(v.strip()).matches())) {
            return smuggling("several or malformed Content-Length values");
        }
        if (!lengths.isEmpty() && !codings.isEmpty()) {
            return smuggling("both Content-Length and Transfer-Encoding");
        }
        if (codings.size() > 1 || codings.stream().anyMatch(v -> !v.strip().equalsIgnoreCase("chunked"))) {
            return smuggling("a transfer coding other than a single chunked");
        }
        return null;
    }

    private static boolean canonical(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%25")
                || lower.contains("%00") || lower.contains("%3b") || raw.contains("\\") || raw.contains(";")
                || raw.contains("//")) {
            return false;
        }
        for (String segment : raw.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return raw.length() <= 2048;
    }

    private static Problem smuggling(String what) {
        return Problem.of(HttpStatus.BAD_REQUEST, "ambiguous-framing", "请求报文格式有歧义 (" + what + ")");
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
