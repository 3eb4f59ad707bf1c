package org.onestop.settlement.fhir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The absolute FHIR base URL our links (entry fullUrl, paging links, the CapabilityStatement's implementation) start
 * with. Behind the gateway the service sees its own host, not the partner's, so the deployment names the public base in
 * {@code onestop.settlement.fhir.base-url} ({@code ONESTOP_FHIR_BASE_URL}, e.g. {@code https://api.example/api/v1/fhir});
 * left empty (a service called directly, the tests) it is the request's own scheme, host and port.
 */
@Component
class FhirBase {

    static final String PATH = "/api/v1/fhir";

    private final String configured;

    FhirBase(@Value("${onestop.settlement.fhir.base-url:}") String configured) {
        String c = configured == null ? "" : configured.strip();
        this.configured = c.endsWith("/") ? c.substring(0, c.length() - 1) : c;
    }

    String of(ServerHttpRequest request) {
        if (!configured.isEmpty()) {
            return configured;
        }
        return UriComponentsBuilder.fromUri(request.getURI()).replacePath(PATH).replaceQuery(null).fragment(null).build()
                .toUriString();
    }
}
