package org.onestop.console.clerk;

import java.util.Map;
import java.util.UUID;
import org.onestop.console.gateway.GatewayClient;
import org.onestop.console.session.ConsoleSession;
import org.onestop.console.session.Pages;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

/**
 * The warnings monitoring-service routed to the signed-in department (its worklist, filtered by the caller's department
 * and area there, docs/monitoring.md), and their acknowledgement with a note.
 */
@Controller
class WarningController {

    private final GatewayClient gateway;

    WarningController(GatewayClient gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/console/warnings")
    Mono<Rendering> warnings(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session,
            @RequestParam(required = false) String acknowledged) {
        session.require(Pages.UPLOAD); // the department's worklist; an office's and an operator's views are elsewhere
        session.require(Pages.WARNINGS);
        return gateway.get(session, "/api/v1/monitoring/warnings", Map.of("status", "OPEN,ACKNOWLEDGED"))
                .map(answer -> answer.ok()
                        ? Rendering.view("warnings").modelAttribute("warnings", answer.list())
                                .modelAttribute("acknowledged", acknowledged).build()
                        : Rendering.view("problem").status(HttpStatus.valueOf(answer.status()))
                                .modelAttribute("message", answer.detail()).build());
    }

    @PostMapping("/console/warnings/{id}/acknowledge")
    Mono<Rendering> acknowledge(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session, @PathVariable UUID id,
            @RequestParam(required = false) String note) {
        session.require(Pages.ACKNOWLEDGE);
        Map<String, String> body = note == null || note.isBlank() ? Map.of() : Map.of("note", note.strip());
        return gateway.postJson(session, "/api/v1/monitoring/warnings/" + id + "/acknowledge", body)
                .map(answer -> answer.ok()
                        ? Rendering.redirectTo("/console/warnings?acknowledged=" + id).build()
                        : Rendering.view("problem").status(HttpStatus.valueOf(answer.status()))
                                .modelAttribute("message", answer.detail()).build());
    }
}
