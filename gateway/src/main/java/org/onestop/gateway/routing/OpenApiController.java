package org.onestop.gateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the one OpenAPI description of the whole public API ({@code openapi.yaml}, kept by hand beside the routes). */
@RestController
class OpenApiController {

    private final String yaml;

    OpenApiController() {
        try {
            this.yaml = new ClassPathResource("openapi.yaml").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(path = "/api/v1/openapi.yaml")
    ResponseEntity<String> openApi() {
        return ResponseEntity.ok().contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5))).body(yaml);
    }
}
