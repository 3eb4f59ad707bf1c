package org.onestop.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * OWASP API9 (improper inventory): the public description and what the gateway routes are one list. Every route rule
 * is described in openapi.yaml with the same method, path and scope, and openapi.yaml describes nothing the gateway
 * does not route (apart from the gateway's own open endpoints).
 */
class OpenApiInventoryTest {

    /** Routed to settlement-service without a partner token (RouteConfiguration "settlement-print"): no access rule. */
    private static final Set<String> SIGNED_LINKS = Set.of("GET /print/statements/{token}", "GET /print/statements/{token}/pdf");

    private static final Set<String> GATEWAY_OWN = Set.of("POST /oauth2/token", "GET /.well-known/jwks.json",
            "GET /api/v1/openapi.yaml");

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDescriptionAndTheRouteRulesAreTheSameSet() throws IOException {
        Map<String, Object> doc;
        try (InputStream in = getClass().getResourceAsStream("/openapi.yaml")) {
            doc = new Yaml().load(in);
        }
        Set<String> described = new TreeSet<>();
        Set<String> describedWithScope = new TreeSet<>();
        ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, operations) -> operations.forEach((method, op) -> {
            if (!(op instanceof Map<?, ?> operation)) {
                return; // path-level parameters
            }
            String key = method.toUpperCase() + " " + path.replace("{path}", "**");
            described.add(key);
            Object security = operation.get("security");
            if (security instanceof java.util.List<?> list && !list.isEmpty()) {
                Map<String, java.util.List<String>> first = (Map<String, java.util.List<String>>) list.get(0);
                first.values().forEach(scopes -> scopes.forEach(scope -> describedWithScope.add(key + " " + scope)));
            }
        }));
        Set<String> routed = new TreeSet<>();
        Set<String> routedWithScope = new TreeSet<>();
        for (AccessPolicy.Rule rule : AccessPolicy.RULES) {
            String key = rule.method().name() + " " + rule.pattern().getPatternString();
            routed.add(key);
            routedWithScope.add(key + " " + rule.scope());
        }
        Set<String> describedApi = new TreeSet<>(described);
        describedApi.removeAll(GATEWAY_OWN);
        assertThat(describedApi).containsAll(SIGNED_LINKS);
        describedApi.removeAll(SIGNED_LINKS);
        assertThat(describedApi).isEqualTo(routed);
        assertThat(describedWithScope).containsAll(routedWithScope);
    }
}
