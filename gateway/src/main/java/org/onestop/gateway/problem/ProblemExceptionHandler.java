package org.onestop.gateway.problem;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.onestop.gateway.audit.PiiMask;
import org.onestop.messaging.limit.PayloadTooLarge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Turns every error that reaches the top (ours, the gateway's, a service's connection failing) into problem details.
 * Ordered before Boot's default handler, so nothing answers with a whitelabel page or a stack trace.
 */
@Component
@Order(-10)
class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemWriter writer;
    private final io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers;

    /** What the gateway's own endpoints (token, bulk) read into memory: a body over it is cut by the codecs. */
    private final long codecLimitBytes;

    ProblemExceptionHandler(ProblemWriter writer, io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers,
            @Value("${spring.http.codecs.max-in-memory-size:256KB}") DataSize codecLimit) {
        this.writer = writer;
        this.breakers = breakers;
        this.codecLimitBytes = codecLimit.toBytes();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        Problem problem = toProblem(ex, codecLimitBytes);
        if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE && circuitOpen(exchange)) {
            // the gateway turns a rejected call into a bare 503; say why
            problem = unavailable("circuit-open", "服务暂时不可用,请稍后重试 (the service behind this route is failing; its circuit is open)");
        }
        if (problem.status() == HttpStatus.INTERNAL_SERVER_ERROR) {
            log.error("{} {} -> 500", exchange.getRequest().getMethod(), PiiMask.mask(exchange.getRequest().getPath().value()), ex);
        } else if (problem.status().is5xxServerError()) {
            log.warn("{} {} -> {} {} ({})", exchange.getRequest().getMethod(),
                    PiiMask.mask(exchange.getRequest().getPath().value()), problem.status().value(), problem.code(),
                    rootCause(ex).getClass().getSimpleName());
        }
        return writer.write(exchange, problem);
    }

    /** Circuit breakers are named like their routes. */
    private boolean circuitOpen(ServerWebExchange exchange) {
        org.springframework.cloud.gateway.route.Route route = exchange.getAttribute(
                org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route != null && breakers.find(route.getId())
                .map(b -> b.getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN).orElse(false);
    }

    static Problem toProblem(Throwable ex) {
        return toProblem(ex, DataSize.ofKilobytes(256).toBytes());
    }

    /** @param codecLimitBytes the limit a body cut by the codecs (not by a route's own check) was over */
    static Problem toProblem(Throwable ex, long codecLimitBytes) {
        if (ex instanceof Problem p) {
            return p;
        }
        Throwable root = rootCause(ex);
        if (root instanceof Problem p) {
            return p;
        }
        if (ex instanceof CallNotPermittedException || root instanceof CallNotPermittedException) {
            return unavailable("circuit-open", "服务暂时不可用,请稍后重试 (the service behind this route is failing; its circuit is open)");
        }
        if (causedBy(ex, io.github.resilience4j.bulkhead.BulkheadFullException.class)) {
            return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "route-busy",
                    "服务繁忙,请稍后重试 (too many calls in flight to the service behind this route)").header("Retry-After", "1");
        }
        if (causedBy(ex, org.springframework.cloud.gateway.support.ServiceUnavailableException.class)) {
            return unavailable("service-unavailable", "服务暂时不可用,请稍后重试 (the service behind this route is unavailable)");
        }
        if (root instanceof DataBufferLimitException) {
            return Problem.of(HttpStatus.CONTENT_TOO_LARGE, PayloadTooLarge.CODE, PayloadTooLarge.detail(codecLimitBytes))
                    .with(PayloadTooLarge.LIMIT, codecLimitBytes);
        }
        if (ex instanceof ResponseStatusException rse) {
            HttpStatusCode code = rse.getStatusCode();
            if (code.value() == 504 || root instanceof TimeoutException) {
                return Problem.of(HttpStatus.GATEWAY_TIMEOUT, "service-timeout",
                        "服务响应超时 (the service did not answer in time; a settlement may still complete: repeat it with the same messageId)");
            }
            if (code.value() == 503) {
                return unavailable("service-unavailable", "服务暂时不可用,请稍后重试 (the service behind this route is unavailable)");
            }
            if (code.value() == 404) {
                return Problem.of(HttpStatus.NOT_FOUND, "not-found", "没有这个资源 (no such resource)");
            }
            if (code.value() == 413) {
                return Problem.of(HttpStatus.CONTENT_TOO_LARGE, PayloadTooLarge.CODE, PayloadTooLarge.detail(codecLimitBytes))
                    .with(PayloadTooLarge.LIMIT, codecLimitBytes);
            }
            if (code.value() == 405) {
                return Problem.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "不支持的请求方法 (method not allowed)");
            }
            if (code.value() == 415) {
                return Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "不支持的内容类型 (unsupported Content-Type)");
            }
            if (code.is4xxClientError()) {
                HttpStatus status = HttpStatus.resolve(code.value());
                return Problem.of(status == null ? HttpStatus.BAD_REQUEST : status, "bad-request", "请求无效 (bad request)");
            }
        }
        if (root instanceof TimeoutException) {
            return Problem.of(HttpStatus.GATEWAY_TIMEOUT, "service-timeout",
                    "服务响应超时 (the service did not answer in time; a settlement may still complete: repeat it with the same messageId)");
        }
        if (causedBy(ex, ConnectException.class) || causedBy(ex, java.io.IOException.class)
                || causedBy(ex, io.netty.channel.ChannelException.class)) {
            return unavailable("service-unavailable", "服务暂时不可用,请稍后重试 (the service behind this route cannot be reached)");
        }
        return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "gateway-error", "网关内部错误 (internal gateway error)");
    }

    private static Problem unavailable(String code, String detail) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, code, detail).header("Retry-After", "10");
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
