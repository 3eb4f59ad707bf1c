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
import reactor.core.publisher.Mono;

/**
 * The operator's status page, from what the public door shows an operator credential: the gateway's health (its
 * readiness includes its database) and the open warnings per policy region. Per-service health, consumer lags and dead
 * letters are not exposed through the gateway to any partner (actuator stays on loopback, docs/security.md): the page
 * says so and links to the dashboards that show them.
 */
@Controller
class StatusController {

    private final GatewayClient gateway;
    private final ConsoleProperties properties;

    StatusController(GatewayClient gateway, ConsoleProperties properties) {
        this.gateway = gateway;
        this.properties = properties;
    }

    @GetMapping("/console/status")
    Mono<Rendering> status(@RequestAttribute(ConsoleSession.ATTRIBUTE) ConsoleSession session) {
        session.require(Pages.STATUS);
        return Mono.zip(gateway.get(session, "/actuator/health", Map.of()),
                gateway.get(session, "/api/v1/monitoring/warnings", Map.of("status", "OPEN", "limit", "10000")))
                .map(answers -> Rendering.view("status")
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
