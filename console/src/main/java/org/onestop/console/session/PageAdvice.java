package org.onestop.console.session;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** What every page's model holds (the CSRF token for its forms, the signed-in partner) and the 403 page. */
@ControllerAdvice
class PageAdvice {

    @ModelAttribute("_csrf")
    Mono<CsrfToken> csrfToken(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return token == null ? Mono.empty() : token;
    }

    @ModelAttribute("partner")
    ConsoleSession partner(ServerWebExchange exchange) {
        return exchange.getAttribute(ConsoleSession.ATTRIBUTE);
    }

    @ExceptionHandler(PageForbiddenException.class)
    Rendering forbidden(PageForbiddenException e) {
        return Rendering.view("forbidden").status(HttpStatus.FORBIDDEN).modelAttribute("scope", e.scope()).build();
    }
}
