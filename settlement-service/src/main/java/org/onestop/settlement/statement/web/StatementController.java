package org.onestop.settlement.statement.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.settlement.access.Access;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementService;
import org.onestop.settlement.statement.PrintLinks;
import org.onestop.settlement.statement.StatementPdf;
import org.onestop.settlement.statement.StatementRenderer;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The 一单制结算单: HTML and PDF for the hospital that made the settlement (with its internal token), a short-lived
 * signed printing link issued to it, and the token-free {@code /print/statements/{token}} paths the link opens, whose
 * only credential is the link's signature ({@link PrintLinks}; docs/security.md).
 */
@RestController
class StatementController {

    static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    static final String PRINT = "/print/statements/";

    private final SettlementService settlements;
    private final StatementRenderer renderer;
    private final StatementPdf pdf;
    private final PrintLinks links;

    StatementController(SettlementService settlements, StatementRenderer renderer, StatementPdf pdf, PrintLinks links) {
        this.settlements = settlements;
        this.renderer = renderer;
        this.pdf = pdf;
        this.links = links;
    }

    /** The printable statement (HTML, Chinese). */
    @GetMapping(value = "/api/v1/settlements/{id}/statement", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> statement(Caller caller, @PathVariable UUID id) {
        return own(caller, id).map(a -> html(renderer.render(a)));
    }

    /** The same statement as an A4 PDF (Chromium's print). */
    @GetMapping(value = "/api/v1/settlements/{id}/statement.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    Mono<ResponseEntity<byte[]>> statementPdf(Caller caller, @PathVariable UUID id) {
        return own(caller, id).flatMap(this::pdf);
    }

    /** The answer to a printing-link request: the two token-free paths (relative to the gateway) and their expiry. */
    record PrintLink(String href, String pdfHref, Instant expiresAt) {
    }

    /** Issues a signed printing link to the hospital that made the settlement (201). */
    @PostMapping("/api/v1/settlements/{id}/print-link")
    Mono<ResponseEntity<PrintLink>> printLink(Caller caller, @PathVariable UUID id) {
        return own(caller, id).map(a -> {
            PrintLinks.Link link = links.issue(a.settlementId());
            String href = PRINT + link.token();
            return ResponseEntity.created(URI.create(href)).cacheControl(CacheControl.noStore())
                    .body(new PrintLink(href, href + "/pdf", link.expiresAt()));
        });
    }

    /** The statement behind a signed link: no bearer token, the signature is the credential. */
    // no 'produces': a refused link answers a problem as JSON or as a page, whichever the client accepts
    @GetMapping(PRINT + "{token}")
    Mono<ResponseEntity<String>> printed(@PathVariable String token) {
        return Mono.fromCallable(() -> links.verify(token)).flatMap(settlements::get).map(a -> html(renderer.render(a)));
    }

    @GetMapping(PRINT + "{token}/pdf")
    Mono<ResponseEntity<byte[]>> printedPdf(@PathVariable String token) {
        return Mono.fromCallable(() -> links.verify(token)).flatMap(settlements::get).flatMap(this::pdf);
    }

    @ExceptionHandler(PrintLinks.InvalidLinkException.class)
    ResponseEntity<Object> invalid(PrintLinks.InvalidLinkException e, ServerWebExchange exchange) {
        return problem(exchange, HttpStatus.FORBIDDEN, "print-link-invalid", "打印链接无效", e.getMessage());
    }

    @ExceptionHandler(PrintLinks.ExpiredLinkException.class)
    ResponseEntity<Object> expired(PrintLinks.ExpiredLinkException e, ServerWebExchange exchange) {
        return problem(exchange, HttpStatus.GONE, "print-link-expired", "打印链接已过期", e.getMessage());
    }

    @ExceptionHandler(StatementPdf.UnavailableException.class)
    ResponseEntity<Object> pdfUnavailable(StatementPdf.UnavailableException e, ServerWebExchange exchange) {
        return problem(exchange, HttpStatus.SERVICE_UNAVAILABLE, "pdf-unavailable", "暂时无法生成PDF",
                "暂时无法生成PDF，请打印网页版结算单 (the PDF printer is unavailable; the HTML statement prints the same page)");
    }

    private Mono<SettlementAnswer> own(Caller caller, UUID id) {
        Access.require(caller, Access.Resource.SETTLEMENTS);
        return settlements.get(id, Access.hospital(caller));
    }

    private Mono<ResponseEntity<byte[]>> pdf(SettlementAnswer a) {
        return pdf.print(renderer.render(a)).map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("statement-" + a.settlementId() + ".pdf").build().toString())
                .body(bytes));
    }

    private static ResponseEntity<String> html(String page) {
        // a statement holds personal data: no shared cache keeps it, no other site frames it
        return ResponseEntity.ok().contentType(HTML).cacheControl(CacheControl.noStore())
                .header("X-Frame-Options", "DENY").body(page);
    }

    /**
     * A problem (RFC 9457) as JSON for a program, as a short Chinese page for a browser (the cashier opened the link):
     * same status and code either way.
     */
    private static ResponseEntity<Object> problem(ServerWebExchange exchange, HttpStatus status, String code, String title,
                                                  String detail) {
        List<MediaType> accept = exchange.getRequest().getHeaders().getAccept();
        boolean browser = accept.stream().anyMatch(m -> m.isCompatibleWith(MediaType.TEXT_HTML) && !m.isWildcardType());
        if (browser) {
            String page = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                    + "</title></head><body><h1 id=\"problem\" data-code=\"" + code + "\">" + HtmlUtils.htmlEscape(title) + "</h1><p>"
                    + HtmlUtils.htmlEscape(detail) + "</p></body></html>";
            return ResponseEntity.status(status).contentType(HTML).body(page);
        }
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("/problems/" + code));
        p.setTitle(status.getReasonPhrase());
        p.setProperty("code", code);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
