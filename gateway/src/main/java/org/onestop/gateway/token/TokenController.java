package org.onestop.gateway.token;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onestop.gateway.access.RateLimits;
import org.onestop.gateway.partner.PartnerStore;
import org.onestop.gateway.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /oauth2/token} (RFC 6749 §4.4, client credentials; client authentication by HTTP Basic or by
 * {@code client_id}/{@code client_secret} form fields, not both) and {@code GET /.well-known/jwks.json}.
 * Errors are problem details that also carry RFC 6749's {@code error} member, so OAuth2 client libraries understand them.
 */
@RestController
class TokenController {

    private static final Logger log = LoggerFactory.getLogger(TokenController.class);
    private static final String GRANT = "client_credentials";

    private final PartnerStore partners;
    private final PasswordEncoder encoder;
    private final TokenIssuer issuer;
    private final KeyRing keys;
    private final RateLimits limits;
    /** Compared against when the client id is unknown, so a wrong id and a wrong secret take the same time. */
    private final String dummyHash;

    TokenController(PartnerStore partners, PasswordEncoder encoder, TokenIssuer issuer, KeyRing keys, RateLimits limits) {
        this.partners = partners;
        this.encoder = encoder;
        this.issuer = issuer;
        this.keys = keys;
        this.limits = limits;
        this.dummyHash = encoder.encode("not-a-secret-" + System.nanoTime());
    }

    record Credentials(String clientId, String secret) {
        @Override
        public String toString() {
            return "Credentials[" + clientId + "]";
        }
    }

    @PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            Credentials c = credentials(exchange.getRequest().getHeaders(), form);
            if (!GRANT.equals(form.getFirst("grant_type"))) {
                return Mono.error(oauth(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                        "grant_type must be client_credentials"));
            }
            limits.acquireToken(source(exchange), c.clientId());
            return partners.find(c.clientId())
                    .map(java.util.Optional::of)
                    .defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(found -> Mono.fromCallable(() -> {
                        boolean ok = encoder.matches(c.secret(), found.map(PartnerStore.Registration::secretHash).orElse(dummyHash));
                        if (!ok || found.isEmpty() || !found.get().enabled()) {
                            log.info("token refused: client {} ({})", masked(c.clientId()), found.isEmpty() ? "unknown" : "bad secret or disabled");
                            throw invalidClient();
                        }
                        return found.get().partner();
                    }).subscribeOn(Schedulers.boundedElastic()))
                    .map(partner -> {
                        List<String> scopes = scopes(form.getFirst("scope"), partner.scopes());
                        TokenIssuer.Token token = issuer.issue(partner, scopes);
                        log.info("token issued: client {} scopes {}", partner.clientId(), scopes);
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("access_token", token.value());
                        body.put("token_type", "Bearer");
                        body.put("expires_in", token.expiresIn());
                        body.put("scope", String.join(" ", token.scopes()));
                        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
                    });
        });
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
                .body(keys.publicKeys().toJSONObject(true));
    }

    /** The peer's address: X-Forwarded-For and its kind are dropped at the edge, so a partner cannot choose it. */
    private static String source(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    private static Credentials credentials(HttpHeaders headers, MultiValueMap<String, String> form) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        String formId = form.getFirst("client_id");
        String formSecret = form.getFirst("client_secret");
        if (authorization != null) {
            if (formSecret != null) {
                throw oauth(HttpStatus.BAD_REQUEST, "invalid_request", "use one client authentication method, not two");
            }
            if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                throw invalidClient();
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalidClient();
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw invalidClient();
            }
            // RFC 6749 §2.3.1: both parts are form-urlencoded before Base64
            return checked(java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        }
        if (formId == null || formSecret == null) {
            throw invalidClient();
        }
        return checked(formId, formSecret);
    }

    private static Credentials checked(String id, String secret) {
        if (id.isBlank() || id.length() > 100 || secret.isEmpty() || secret.length() > 200) {
            throw invalidClient();
        }
        return new Credentials(id, secret);
    }

    private static List<String> scopes(String requested, List<String> allowed) {
        if (requested == null || requested.isBlank()) {
            return allowed;
        }
        List<String> asked = Arrays.stream(requested.strip().split("\\s+")).distinct().toList();
        if (!allowed.containsAll(asked)) {
            throw oauth(HttpStatus.BAD_REQUEST, "invalid_scope", "this client may ask for: " + String.join(" ", allowed));
        }
        return asked;
    }

    private static Problem invalidClient() {
        return oauth(HttpStatus.UNAUTHORIZED, "invalid_client", "client authentication failed")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"onestop\"");
    }

    private static Problem oauth(HttpStatus status, String error, String description) {
        return Problem.of(status, error.replace('_', '-'), description).with("error", error).with("error_description", description)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static String masked(String clientId) {
        return org.onestop.gateway.audit.PiiMask.mask(clientId.length() > 40 ? clientId.substring(0, 40) + "…" : clientId);
    }
}
