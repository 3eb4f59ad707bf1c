package org.onestop.gateway.access;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.onestop.events.InternalToken;
import org.onestop.gateway.GatewayProperties;
import org.onestop.gateway.partner.Partner;
import org.onestop.gateway.partner.PartnerType;
import org.onestop.gateway.problem.Problem;
import org.onestop.gateway.problem.ProblemWriter;
import org.onestop.gateway.routing.Upstreams;
import org.onestop.gateway.token.InternalTokens;
import org.onestop.messaging.limit.PayloadTooLarge;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * After the token is verified: who the partner is, its rate, whether the route's scope and the partner's ownership allow
 * the call, how big the body may be; then the internal token the service verifies and reads the caller from
 * ({@link InternalTokens}, audience = the route's service), in place of the partner's bearer token, which never
 * reaches a service. Bodies of JSON routes are read here (at most {@code json-max}) and passed on unchanged, byte for byte:
 * a raw {@code idNumber} goes to the owning service, which turns it into a personRef; the gateway only computes the
 * same personRef for its audit and never logs the body.
 */
@Component
@Order(-50) // after Spring Security's WebFilterChainProxy (-100)
public class PartnerFilter implements WebFilter {

    /**
     * The trust headers an older gateway set; nothing reads them any more. Still dropped from partners' requests
     * ({@link EdgeFilter}) so that no service behind an older build could be told who is calling by a partner.
     */
    static final List<String> RETIRED_TRUST_HEADERS = List.of("X-Onestop-Partner", "X-Onestop-Partner-Type",
            "X-Onestop-Institution", "X-Onestop-Department", "X-Onestop-Region");

    /** Exchange attributes the audit reads. */
    public static final String PARTNER_ATTR = "onestop.partner";
    public static final String ACTION_ATTR = "onestop.action";
    public static final String PERSON_REF_ATTR = "onestop.personRef";

    /** Compiled once: {@code String.matches} and {@code split} with a pattern compile it on every call. */
    private static final java.util.regex.Pattern PERSON_REF = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private final SharedRateLimits sharedLimits;
    private final org.onestop.gateway.partner.Revocations revocations;
    private final GatewayProperties properties;
    private final ProblemWriter problems;
    private final WebClient services;
    private final JsonMapper json = JsonMapper.builder().build();
    private final byte[] personRefKey;
    private final InternalTokens internalTokens;
    private final Upstreams upstreams;

    PartnerFilter(SharedRateLimits sharedLimits, org.onestop.gateway.partner.Revocations revocations,
            GatewayProperties properties, ProblemWriter problems, @Value("${onestop.person-ref.secret}") String personRefSecret,
            InternalTokens internalTokens, Upstreams upstreams) {
        this.internalTokens = internalTokens;
        this.upstreams = upstreams;
        this.sharedLimits = sharedLimits;
        this.revocations = revocations;
        this.properties = properties;
        this.problems = problems;
        this.services = WebClient.builder().build();
        this.personRefKey = personRefSecret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/") || path.startsWith("/api/v1/openapi.")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .cast(JwtAuthenticationToken.class)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                // no token: Spring Security has already refused, or the path is open
                .flatMap(auth -> auth.isPresent() ? authorize(exchange, chain, auth.get().getToken(), path) : chain.filter(exchange))
                .onErrorResume(Problem.class, p -> problems.write(exchange, p));
    }

    private Mono<Void> authorize(ServerWebExchange exchange, WebFilterChain chain, Jwt jwt, String path) {
        Partner partner = partner(jwt);
        exchange.getAttributes().put(PARTNER_ATTR, partner);
        try {
            revocations.check(partner.clientId(), jwt.getIssuedAt());
        } catch (Problem p) {
            return Mono.error(p);
        }
        // the rate is shared by every gateway replica (SharedRateLimits); usually answered from memory
        return sharedLimits.acquireApi(partner.clientId()).then(Mono.defer(() -> authorized(exchange, chain, partner, path)));
    }

    private Mono<Void> authorized(ServerWebExchange exchange, WebFilterChain chain, Partner partner, String path) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        AccessPolicy.Rule rule;
        try {
            rule = AccessPolicy.match(method, path);
            exchange.getAttributes().put(ACTION_ATTR, rule.action());
            AccessPolicy.requireScope(rule, partner, partner.scopes());
            Map<String, String> vars = rule.variables(request.getPath().pathWithinApplication());
            AccessPolicy.checkRequestLine(rule, partner, vars, request.getQueryParams(), request.getHeaders());
            String ref = vars.get("personRef");
            if (ref != null && PERSON_REF.matcher(ref).matches()) {
                exchange.getAttributes().put(PERSON_REF_ATTR, ref);
            }
            Mono<Void> precheck = rule.ownerPath() == null || partner.type() == PartnerType.OPERATOR
                    ? Mono.empty() : precheck(rule, partner, vars);
            if (rule.action().equals(AccessPolicy.CSV_ACTION)) {
                return precheck.then(Mono.defer(() -> forward(exchange, chain, partner, rule, streamed(request))));
            }
            if (!hasBody(method)) {
                return precheck.then(Mono.defer(() -> forward(exchange, chain, partner, rule, request)));
            }
            long max = jsonLimit(rule);
            if (request.getHeaders().getContentLength() > max) {
                throw tooLarge(max);
            }
            return DataBufferUtils.join(request.getBody(), (int) Math.min(max, Integer.MAX_VALUE))
                    .map(buffer -> {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        DataBufferUtils.release(buffer);
                        return bytes;
                    })
                    .defaultIfEmpty(new byte[0])
                    .onErrorMap(DataBufferLimitException.class, e -> tooLarge(max))
                    .flatMap(bytes -> {
                        JsonNode body = rule.json() ? parse(bytes) : null;
                        if (rule.action().equals(AccessPolicy.NATIONAL_ACTION)) {
                            return national(exchange, chain, partner, rule, precheck, body, bytes);
                        }
                        if (rule.json()) {
                            String person = personRef(body); // first, so a refused write is audited with its person
                            if (person != null) {
                                exchange.getAttributes().put(PERSON_REF_ATTR, person);
                            }
                            AccessPolicy.checkBody(rule, partner, body);
                        }
                        return precheck.then(Mono.defer(() -> forward(exchange, chain, partner, rule, cached(request, bytes))));
                    });
        } catch (Problem p) {
            return Mono.error(p);
        }
    }

    /**
     * The national envelope: the hospital in {@code fixmedins_code} checked like {@code hospitalId}, then the raw
     * {@code certno} replaced by its personRef and mask ({@link NationalEnvelope}); an invalid number is answered here
     * in the envelope (HTTP 200, infcode -1) and never forwarded.
     */
    private Mono<Void> national(ServerWebExchange exchange, WebFilterChain chain, Partner partner, AccessPolicy.Rule rule,
            Mono<Void> precheck, JsonNode body, byte[] bytes) {
        AccessPolicy.checkBody(rule, partner, body);
        NationalEnvelope.Rewritten rewritten;
        try {
            rewritten = NationalEnvelope.rewrite(bytes, personRefKey);
        } catch (NationalEnvelope.Refused refused) {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(HttpStatus.OK);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(NationalEnvelope.refusal(refused))));
        }
        if (rewritten.personRef() != null) {
            exchange.getAttributes().put(PERSON_REF_ATTR, rewritten.personRef());
        }
        return precheck.then(Mono.defer(() -> forward(exchange, chain, partner, rule, cached(exchange.getRequest(), rewritten.body()))));
    }

    private Mono<Void> forward(ServerWebExchange exchange, WebFilterChain chain, Partner partner, AccessPolicy.Rule rule,
            ServerHttpRequest request) {
        ServerHttpRequest withTrust = request.mutate().headers(h -> internalToken(h, partner, rule.service())).build();
        ServerWebExchange next = exchange.mutate().request(withTrust).build();
        String field = AccessPolicy.ownerField(rule, partner);
        if (field != null && rule.ownerPath() == null && rule.method() == HttpMethod.GET) {
            next = next.mutate().response(new OwnerCheckingResponse(next, partner, field)).build();
        }
        return chain.filter(next);
    }

    /**
     * The partner's bearer token replaced by the internal token for the route's service ({@code service}: a route's
     * {@link AccessPolicy.Rule#service()}), from which the service alone learns the caller.
     */
    private void internalToken(HttpHeaders h, Partner partner, String service) {
        String audience = audience(service);
        if (audience == null) {
            h.remove(HttpHeaders.AUTHORIZATION); // the gateway's own route (the audit): nothing is forwarded
            return;
        }
        h.set(HttpHeaders.AUTHORIZATION, "Bearer " + internalTokens.tokenFor(partner.caller(), audience));
    }

    /** The internal token audience of a route's service; null for the gateway's own routes. */
    static String audience(String service) {
        return switch (service) {
            case "identity" -> InternalToken.IDENTITY_SERVICE;
            case "enrollment" -> InternalToken.ENROLLMENT_SERVICE;
            case "monitoring" -> InternalToken.MONITORING_SERVICE;
            case "settlement" -> InternalToken.SETTLEMENT_SERVICE;
            default -> null;
        };
    }

    /** Asks the owning service for the thing named in the path and refuses (404, as if absent) when it is not the partner's. */
    private Mono<Void> precheck(AccessPolicy.Rule rule, Partner partner, Map<String, String> vars) {
        String field = AccessPolicy.ownerField(rule, partner);
        if (field == null) {
            return Mono.empty();
        }
        URI base = upstreams.choose(switch (rule.service()) {
            case "identity", "enrollment", "monitoring" -> rule.service();
            default -> "settlement";
        });
        String path = rule.ownerPath();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            path = path.replace("{" + v.getKey() + "}", org.springframework.web.util.UriUtils.encodePathSegment(v.getValue(),
                    StandardCharsets.UTF_8));
        }
        return services.get().uri(base.resolve(path)).accept(MediaType.APPLICATION_JSON)
                .headers(h -> internalToken(h, partner, rule.service()))
                .exchangeToMono(response -> {
                    if (response.statusCode().is2xxSuccessful()) {
                        return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(bytes -> {
                            JsonNode node = parse(bytes);
                            return AccessPolicy.ownsAnswer(partner, field, node) ? Mono.<Void>empty() : Mono.error(notFound());
                        });
                    }
                    if (response.statusCode().value() == 404 || response.statusCode().value() == 400) {
                        return response.releaseBody().then(Mono.error(notFound()));
                    }
                    return response.releaseBody().then(Mono.error(Problem.of(HttpStatus.SERVICE_UNAVAILABLE,
                            "service-unavailable", "服务暂时不可用,请稍后重试 (the owning service could not confirm ownership)")
                            .header("Retry-After", "10")));
                })
                .timeout(properties.resilience().timeout())
                .onErrorMap(e -> !(e instanceof Problem), e -> Problem.of(HttpStatus.SERVICE_UNAVAILABLE,
                        "service-unavailable", "服务暂时不可用,请稍后重试 (the owning service could not confirm ownership)")
                        .header("Retry-After", "10"));
    }

    /** The CSV upload, streamed: counted on the way, refused (413) beyond {@code csv-max}. */
    private ServerHttpRequest streamed(ServerHttpRequest request) {
        long max = properties.limits().csvMax().toBytes();
        if (request.getHeaders().getContentLength() > max) {
            throw tooLarge(max);
        }
        AtomicLong seen = new AtomicLong();
        Flux<DataBuffer> counted = request.getBody().handle((buffer, sink) -> {
            if (seen.addAndGet(buffer.readableByteCount()) > max) {
                DataBufferUtils.release(buffer);
                sink.error(tooLarge(max));
            } else {
                sink.next(buffer);
            }
        });
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return counted;
            }
        };
    }

    private static ServerHttpRequest cached(ServerHttpRequest request, byte[] bytes) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(request.getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(bytes.length);
        return new ServerHttpRequestDecorator(request) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance.wrap(bytes)));
            }
        };
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            // never echo the parser's message: it quotes the body
            throw Problem.of(HttpStatus.BAD_REQUEST, "malformed-json", "请求体不是有效的 JSON (the body is not valid JSON)");
        }
    }

    /** The body's person: its {@code personRef}, or the personRef of its {@code idNumber} (never the number itself). */
    String personRef(JsonNode body) {
        String ref = AccessPolicy.text(body, "personRef");
        if (ref != null && PERSON_REF.matcher(ref).matches()) {
            return ref;
        }
        String id = AccessPolicy.text(body, "idNumber");
        if (id == null) {
            return null;
        }
        try {
            return org.onestop.events.ResidentIdNumber.of(id).personRef(personRefKey).value();
        } catch (RuntimeException invalid) {
            return null; // the service reports the invalid number; the audit names no person
        }
    }

    static Partner partner(Jwt jwt) {
        PartnerType type = PartnerType.fromClaim(jwt.getClaimAsString("partner_type"));
        return new Partner(jwt.getSubject(), type, jwt.getSubject(), jwt.getClaimAsString("institution_id"),
                jwt.getClaimAsString("department"), jwt.getClaimAsString("region"), scopes(jwt));
    }

    static List<String> scopes(Jwt jwt) {
        String scope = jwt.getClaimAsString("scope");
        return scope == null || scope.isBlank() ? List.of() : List.of(WHITESPACE.split(scope.strip()));
    }

    private static boolean hasBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH || method == HttpMethod.DELETE;
    }

    /**
     * The most a JSON route's body may hold: read whole, since its fields are checked against the token before it is
     * forwarded (the CSV upload, checked by its query, is streamed instead).
     */
    private long jsonLimit(AccessPolicy.Rule rule) {
        return (rule.action().equals(AccessPolicy.BATCH_ACTION) ? properties.limits().batchJsonMax()
                : properties.limits().jsonMax()).toBytes();
    }

    static Problem tooLarge(long max) {
        return Problem.of(HttpStatus.CONTENT_TOO_LARGE, PayloadTooLarge.CODE, PayloadTooLarge.detail(max))
                .with(PayloadTooLarge.LIMIT, max);
    }

    private static Problem notFound() {
        return Problem.of(HttpStatus.NOT_FOUND, "not-found", "没有这个资源 (no such resource)");
    }

    /**
     * A read of one stored thing: the answer is held until complete and replaced by a 404 problem when the owner it
     * names is not the partner. Only JSON answers of 2xx are inspected.
     */
    private final class OwnerCheckingResponse extends ServerHttpResponseDecorator {

        private final ServerWebExchange exchange;
        private final Partner partner;
        private final String field;

        OwnerCheckingResponse(ServerWebExchange exchange, Partner partner, String field) {
            super(exchange.getResponse());
            this.exchange = exchange;
            this.partner = partner;
            this.field = field;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            ServerHttpResponse delegate = getDelegate();
            MediaType type = delegate.getHeaders().getContentType();
            boolean ok = delegate.getStatusCode() != null && delegate.getStatusCode().is2xxSuccessful();
            if (!ok || type == null || !(type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
                return super.writeWith(body);
            }
            return DataBufferUtils.join(Flux.from(body)).flatMap(buffer -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                DataBufferUtils.release(buffer);
                JsonNode node;
                try {
                    node = bytes.length == 0 ? null : json.readTree(bytes);
                } catch (JacksonException e) {
                    node = null;
                }
                if (node != null && node.isObject() && !AccessPolicy.ownsAnswer(partner, field, node)) {
                    delegate.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
                    delegate.getHeaders().remove(HttpHeaders.LOCATION);
                    delegate.getHeaders().remove("Idempotent-Replayed");
                    return problems.write(new org.springframework.web.server.ServerWebExchangeDecorator(exchange) {
                        @Override
                        public ServerHttpResponse getResponse() {
                            return delegate;
                        }
                    }, notFound());
                }
                delegate.getHeaders().setContentLength(bytes.length);
                return delegate.writeWith(Mono.just(delegate.bufferFactory().wrap(bytes)));
            });
        }
    }
}
