package org.onestop.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import java.net.ConnectException;
import java.net.URI;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Turns a route's {@code replicas://<service>/...} URL into one replica's {@code http://host:port/...} (round robin,
 * {@link Upstreams}), where Spring Cloud LoadBalancer's filter would run. A refused connection means no byte of the
 * request reached that replica, so the same request, a POST included, goes to the next replica (each at most once);
 * any other failure is the route's to handle (its circuit breaker, and retries for reads only).
 */
@Component
class ReplicaRoutingFilter implements GlobalFilter, Ordered {

    static final String SCHEME = "replicas";

    private final Upstreams upstreams;

    ReplicaRoutingFilter(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    static URI service(String name) {
        return URI.create(SCHEME + "://" + name);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (url == null || !SCHEME.equals(url.getScheme())) {
            return chain.filter(exchange);
        }
        return attempt(exchange, chain, url, upstreams.size(url.getHost()));
    }

    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, URI url, int attemptsLeft) {
        String service = url.getHost();
        URI replica = upstreams.choose(service);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, UriComponentsBuilder.fromUri(url)
                .scheme(replica.getScheme()).host(replica.getHost()).port(replica.getPort()).build(true).toUri());
        return chain.filter(exchange).onErrorResume(e -> refused(e) && !exchange.getResponse().isCommitted(), e -> {
            upstreams.refused(service, replica);
            if (attemptsLeft <= 1) {
                return Mono.error(e);
            }
            ServerWebExchangeUtils.reset(exchange);
            return attempt(exchange, chain, url, attemptsLeft - 1);
        });
    }

    private static boolean refused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** Where Spring Cloud LoadBalancer's filter runs: after the route's URL is built, before the Netty routing filter. */
    @Override
    public int getOrder() {
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER;
    }
}
