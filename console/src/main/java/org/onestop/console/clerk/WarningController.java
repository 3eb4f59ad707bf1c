package org.onestop.console.clerk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.onestop.console.gateway.GatewayClient;
import org.onestop.console.session.ConsoleSession;
import org.onestop.console.session.Pages;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The warnings monitoring-service routed to the signed-in department, as a worklist: filtered by the API's own filters
 * (person, status, line, county, month; the department and area are the caller's there, docs/monitoring.md), a page at
 * a time, and each warning's acknowledgement by this department's own route, with a note.
 */
@Controller
class WarningController {

    /** Warnings per page; the API is asked for one more, to know whether a next page exists. */
    static final int PAGE_SIZE = 20;

    private final GatewayClient gateway;

    WarningController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    /**
     * The worklist's filters as the form sends them back; blank = not filtered.
     *
     * @param status a status or comma-separated statuses of the API; blank = not yet resolved (OPEN,ACKNOWLEDGED)
     * @param page   from 0; anything else reads as 0
     */
    record Filters(String personRef, String status, String line, String county, String month, String page) {

        int pageNumber() {
            return page != null && page.matches("\\d{1,6}") ? Integer.parseInt(page) : 0;
        }

        /** The API's query: only what was filled in, as typed but trimmed; the API refuses what it cannot read. */
        Map<String, String> query() {
            Map<String, String> query = new LinkedHashMap<>();
            put(query, "personRef", personRef);
            query.put("status", blank(status) ? "OPEN,ACKNOWLEDGED" : status.strip());
            put(query, "line", line);
            put(query, "county", county);
            put(query, "month", month);
            query.put("limit", Integer.toString(PAGE_SIZE + 1));
            query.put("offset", Integer.toString(pageNumber() * PAGE_SIZE));
            return query;
        }

        /** The page's own address with these filters and {@code page} (null: none), for links and the return after 确认. */
        String link(Integer toPage, String acknowledged) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/console/warnings");
            for (String[] p : new String[][] {{"personRef", personRef}, {"status", status}, {"line", line},
                    {"county", county}, {"month", month}}) {
                if (!blank(p[1])) {
                    b.queryParam(p[0], p[1].strip());
                }
            }
            if (toPage != null && toPage > 0) {
                b.queryParam("page", toPage);
            }
            if (acknowledged != null) {
                b.queryParam("acknowledged", acknowledged);
            }
            return b.encode().build().toUriString();
        }

        private static void put(Map<String, String> query, String name, String value) {
            if (!blank(value)) {
                query.put(name, value.strip());
            }
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    @GetMapping("/console/warnings")
    Mono<Rendering> warnings(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @ModelAttribute Filters filters,
            @RequestParam(required = false) String acknowledged) {
        session.require(Pages.UPLOAD); // the department's worklist; an office's and an operator's views are elsewhere
        session.require(Pages.WARNINGS);
        int page = filters.pageNumber();
        return gateway.get(session, "/api/v1/monitoring/warnings", filters.query())
                .map(answer -> {
                    Rendering.Builder<?> view = Rendering.view("warnings").modelAttribute("filters", filters)
                            .modelAttribute("acknowledged", acknowledged)
                            .modelAttribute("mayAcknowledge", session.may(Pages.ACKNOWLEDGE));
                    if (!answer.ok()) {
                        // a filter the API cannot read: the page again with its reason, the filters kept
                        return view.status(HttpStatus.valueOf(answer.status())).modelAttribute("error", answer.detail())
                                .modelAttribute("worklist", new WarningPage(List.of(), page, false)).build();
                    }
                    WarningPage worklist = WarningPage.of(answer.list(), DepartmentClaim.of(session.accessToken()), page, PAGE_SIZE);
                    return view.modelAttribute("worklist", worklist)
                            .modelAttribute("previous", page > 0 ? filters.link(page - 1, null) : null)
                            .modelAttribute("next", worklist.hasNext() ? filters.link(page + 1, null) : null).build();
                });
    }

    @PostMapping("/console/warnings/{id}/acknowledge")
    Mono<Rendering> acknowledge(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @PathVariable UUID id,
            ServerWebExchange exchange, @ModelAttribute Filters filters) {
        session.require(Pages.ACKNOWLEDGE);
        // the note is a field of the posted form: WebFlux binds @RequestParam to the query string only
        return exchange.getFormData().flatMap(form -> {
            String note = form.getFirst("note");
            Map<String, String> body = note == null || note.isBlank() ? Map.of() : Map.of("note", note.strip());
            return gateway.postJson(session, "/api/v1/monitoring/warnings/" + id + "/acknowledge", body);
        }).map(answer -> answer.ok()
                        ? Rendering.redirectTo(filters.link(filters.pageNumber(), id.toString())).build()
                        : Rendering.view("problem").status(HttpStatus.valueOf(answer.status()))
                                .modelAttribute("message", answer.detail()).build());
    }
}
