package org.onestop.console.session;

import java.time.Instant;
import java.util.Set;
import org.onestop.console.gateway.GatewayClient;
import org.onestop.console.gateway.SignInRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sign-in with the partner's client id and secret: the console asks the gateway for the partner's token (the same
 * client-credentials grant a partner system uses) and seals it into a new session cookie; the secret is forgotten at
 * once. Sign-out revokes the session on every replica and clears the cookie.
 */
@Controller
class SignInController {

    private static final Logger log = LoggerFactory.getLogger(SignInController.class);

    private final GatewayClient gateway;
    private final SessionCookies cookies;
    private final Revocations revocations;

    SignInController(GatewayClient gateway, SessionCookies cookies, Revocations revocations) {
        this.gateway = gateway;
        this.cookies = cookies;
        this.revocations = revocations;
    }

    record SignInForm(String clientId, String secret) {
    }

    @GetMapping("/console/login")
    Rendering form() {
        return Rendering.view("login").build();
    }

    @PostMapping("/console/login")
    Mono<Rendering> signIn(@ModelAttribute SignInForm form, ServerWebExchange exchange) {
        if (blank(form.clientId()) || blank(form.secret())) {
            return Mono.just(refused(HttpStatus.BAD_REQUEST, "请填写客户端编号和密钥。", form.clientId()));
        }
        String clientId = form.clientId().strip();
        return gateway.signIn(clientId, form.secret())
                // a new session (id and CSRF token) on sign-in: a cookie planted before (fixation) signs nobody in
                .map(grant -> {
                    Instant expiresAt = cookies.now().plus(grant.expiresIn());
                    SessionState session = cookies.signedIn(
                            new ConsoleSession(clientId, grant.accessToken(), Set.copyOf(grant.scopes()), expiresAt));
                    try {
                        cookies.write(exchange, session);
                    } catch (SessionCodec.SessionTooLargeException e) {
                        log.error("console sign-in: client {}: {}", clientId, e.getMessage());
                        return refused(HttpStatus.SERVICE_UNAVAILABLE, "暂时无法登录(会话过大),请联系运维人员。", clientId);
                    }
                    log.info("console sign-in: client {} scopes {}", clientId, grant.scopes());
                    return Rendering.redirectTo("/console/").build();
                })
                .onErrorResume(SignInRefusedException.class, e -> {
                    log.info("console sign-in refused: client {} ({})", clientId, e.getMessage());
                    return Mono.just(e.status() >= 500
                            ? refused(HttpStatus.SERVICE_UNAVAILABLE, "暂时无法连接网关,请稍后再试。", clientId)
                            : e.status() == 429
                            ? refused(HttpStatus.TOO_MANY_REQUESTS, "登录尝试过于频繁,请稍后再试。", clientId)
                            : refused(HttpStatus.UNAUTHORIZED, "客户端编号或密钥不正确。", clientId));
                });
    }

    private static Rendering refused(HttpStatus status, String message, String clientId) {
        return Rendering.view("login").status(status).modelAttribute("error", message)
                .modelAttribute("clientId", clientId == null ? "" : clientId).build();
    }

    /** Answers once every peer replica knows of the sign-out (or did not answer in time: docs/security.md). */
    @PostMapping("/console/logout")
    Mono<Rendering> signOut(ServerWebExchange exchange) {
        Mono<Void> revoked = cookies.requested(exchange).map(revocations::revoke).orElse(Mono.empty());
        return revoked.then(Mono.fromSupplier(() -> {
            cookies.clear(exchange);
            return Rendering.redirectTo("/console/login?logout").build();
        }));
    }

    @GetMapping("/console/")
    Rendering home(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session) {
        boolean anything = Pages.any(session);
        // a partner none of whose scopes opens a page (a hospital) is told so, with a 403, rather than shown an empty menu
        return Rendering.view(anything ? "home" : "forbidden").status(anything ? HttpStatus.OK : HttpStatus.FORBIDDEN).build();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
