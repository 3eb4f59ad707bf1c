package org.onestop.console.operator;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.onestop.console.ConsoleProperties;
import org.onestop.console.gateway.GatewayClient;
import org.onestop.console.session.ConsoleSession;
import org.onestop.console.session.Pages;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operator's status page, from what the public door shows an operator credential: the gateway's health (its
 * readiness includes its database), each service's own status ({@code GET /api/v1/<service>/operations/status},
 * scope {@code ops:read}: replicas, consumer lag, dead letters, outbox) and the open warnings per policy region, with
 * a link to the dashboards for the history.
 */
@Controller
class StatusController {

    private final GatewayClient gateway;
    private final ConsoleProperties properties;

    StatusController(GatewayClient gateway, ConsoleProperties properties) {
        this.gateway = gateway;
        this.properties = properties;
    }

    /** The services in the order of the flow (docs/architecture.md), each answering its own status. */
    static final List<String> SERVICES = List.of("identity", "settlement", "enrollment", "monitoring");

    @GetMapping("/console/status")
    Mono<Rendering> status(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session) {
        session.require(Pages.STATUS);
        Mono<List<ServiceView>> services = Flux.fromIterable(SERVICES)
                .concatMap(s -> gateway.get(session, "/api/v1/" + s + "/operations/status", Map.of())
                        .map(answer -> ServiceView.of(s + "-service", answer)))
                .collectList();
        return Mono.zip(gateway.get(session, "/actuator/health", Map.of()),
                gateway.get(session, "/api/v1/monitoring/warnings", Map.of("status", "OPEN", "limit", "10000")), services)
                .map(answers -> Rendering.view("status")
                        .modelAttribute("services", answers.getT3())
                        .modelAttribute("gatewayUp", "UP".equals(answers.getT1().text("status")))
                        .modelAttribute("warningsReadable", answers.getT2().ok())
                        .modelAttribute("openByRegion", perRegion(answers.getT2().list()))
                        .modelAttribute("dashboards", properties.dashboards() == null ? "" : properties.dashboards())
                        .build());
    }

    /** Open warnings counted by policy region, in code order. */
    static Map<String, Integer> perRegion(List<Object> warnings) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object w : warnings) {
            if (w instanceof Map<?, ?> warning) {
                counts.merge(String.valueOf(warning.get("policyRegion")), 1, Integer::sum);
            }
        }
        return counts;
    }
}
