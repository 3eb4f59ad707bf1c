package org.onestop.console.session;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;

/** What every page's model holds (the CSRF token for its forms, the signed-in partner) and the 403 page. */
@ControllerAdvice
class PageAdvice {

    /** Resolved by {@link CsrfTokenFilter} before the handler runs. */
    @ModelAttribute("csrf")
    CsrfToken csrfToken(ServerWebExchange exchange) {
        return exchange.getAttribute(CsrfTokenFilter.ATTRIBUTE);
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
