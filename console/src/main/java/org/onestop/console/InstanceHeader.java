package org.onestop.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every answer names the replica that gave it ({@code X-OneStop-Instance}: the launcher's {@code console-<n>}, the pod's
 * name on Kubernetes): the browser test shows one session's pages and forms served by both replicas, and an operator
 * tells which replica a complaint came from. It names a process, nothing about the partner.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class InstanceHeader implements WebFilter {

    static final String HEADER = "X-OneStop-Instance";

    private final String instanceId;

    InstanceHeader(@Value("${onestop.console.instance-id:console}") String instanceId) {
        this.instanceId = instanceId;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getResponse().getHeaders().set(HEADER, instanceId);
        return chain.filter(exchange);
    }
}
