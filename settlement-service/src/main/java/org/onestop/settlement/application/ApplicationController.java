package org.onestop.settlement.application;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.onestop.events.Caller;
import org.onestop.settlement.access.Access;
import org.onestop.settlement.settle.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/applications}: register (201 with the decision), read, and the refusal notice as printable HTML. An
 * insurance office registers and reads applications of its own area only ({@link Access}).
 */
@RestController
@RequestMapping("/api/v1/applications")
class ApplicationController {

    private final Applications applications;

    ApplicationController(Applications applications) {
        this.applications = applications;
    }

    @PostMapping
    Mono<ResponseEntity<ApplicationDecision>> register(Caller caller, @RequestBody(required = false) Mono<ApplicationRequest> body) {
        Access.require(caller, Access.Resource.APPLICATIONS);
        return body.defaultIfEmpty(new ApplicationRequest(null, null, null, null, null, null))
                .doOnNext(r -> {
                    if (r.regionCode() != null && !r.regionCode().isBlank()) { // a missing one is the validation's 400
                        Access.requireRegion(caller, r.regionCode());
                    }
                })
                .flatMap(applications::register)
                .map(d -> ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/applications/" + d.applicationId()).body(d));
    }

    @GetMapping("/{id}")
    Mono<ApplicationDecision> get(Caller caller, @PathVariable UUID id) {
        Access.require(caller, Access.Resource.APPLICATIONS);
        return applications.get(id, Access.area(caller));
    }

    @GetMapping(value = "/{id}/notice", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> notice(Caller caller, @PathVariable UUID id) {
        Access.require(caller, Access.Resource.APPLICATIONS);
        return applications.get(id, Access.area(caller)).flatMap(d -> d.notice() == null
                ? Mono.error(new NotFoundException("该申请已批准，无不予救助告知书 (application " + id + " was approved)"))
                : Mono.just(ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html(d.notice()))));
    }

    static String html(ApplicationDecision.RefusalNotice n) {
        return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + e(n.title()) + "</title>"
                + "<style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:40px;font-size:16px;line-height:1.8}h1{text-align:center}"
                + ".r{text-align:right}</style></head><body>"
                + "<h1>" + e(n.title()) + "</h1><p class=\"r\">" + e(n.number()) + "</p>"
                + "<p>" + e(n.applicant()) + "：</p><p id=\"text\">" + e(n.text()) + "</p>"
                + "<p id=\"appeal\">" + e(n.administrativeReview()) + "，" + e(n.lawsuit()) + "。</p>"
                + "<p class=\"r\">" + e(n.issuedBy()) + "（盖章）</p><p class=\"r\">" + n.issuedOn().getYear() + "年"
                + n.issuedOn().getMonthValue() + "月" + n.issuedOn().getDayOfMonth() + "日</p></body></html>";
    }

    private static String e(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
