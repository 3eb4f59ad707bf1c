package org.onestop.gateway.audit;

import java.time.Instant;
import java.util.Set;
import org.onestop.gateway.access.PartnerFilter;
import org.onestop.gateway.partner.Partner;
import org.onestop.gateway.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Records every write attempt on {@code /api/**} (POST, PUT, PATCH, DELETE), refused or not, at the moment its answer
 * is committed: partner, action, personRef, status. Runs before authentication so refusals for a missing or bad token
 * are recorded too (partner {@code anonymous}). Also writes one access-log line per API call: no query string, no
 * body, ID-number-shaped path parts masked.
 */
@Component
@Order(-200)
class AuditFilter implements WebFilter {

    private static final Logger access = LoggerFactory.getLogger("onestop.gateway.access");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditLog audit;

    AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        boolean write = WRITES.contains(request.getMethod().name());
        long started = System.nanoTime();
        exchange.getResponse().beforeCommit(() -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            int code = status == null ? 200 : status.value();
            Partner partner = exchange.getAttribute(PartnerFilter.PARTNER_ATTR);
            String action = exchange.getAttributeOrDefault(PartnerFilter.ACTION_ATTR, "unknown");
            String maskedPath = PiiMask.mask(path.length() > 500 ? path.substring(0, 500) : path);
            String requestId = exchange.getAttributeOrDefault(ProblemWriter.REQUEST_ID, "-");
            if (write) {
                audit.record(new AuditEntry(Instant.now(), partner == null ? "anonymous" : partner.clientId(),
                        partner == null ? null : partner.type().claim(), action, request.getMethod().name(), maskedPath,
                        exchange.getAttribute(PartnerFilter.PERSON_REF_ATTR), code, requestId));
            }
            if (code >= 400 || access.isDebugEnabled()) {
                String problem = exchange.getAttribute(ProblemWriter.PROBLEM_CODE);
                access.info("{} {} {} partner={} action={} status={}{} {}us", requestId, request.getMethod(), maskedPath,
                        partner == null ? "-" : partner.clientId(), action, code, problem == null ? "" : " problem=" + problem,
                        (System.nanoTime() - started) / 1000);
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
