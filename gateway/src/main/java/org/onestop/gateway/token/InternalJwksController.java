package org.onestop.gateway.token;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys of the internal tokens ({@link InternalTokens}), which the services fetch to verify what the gateway
 * forwards (docs/security.md). Public keys only; a service re-fetches when it meets an unknown {@code kid}.
 */
@RestController
class InternalJwksController {

    private final InternalTokens tokens;

    InternalJwksController(InternalTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping(path = "/.well-known/internal-jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)))
                .body(tokens.publicKeys().toJSONObject(true));
    }
}
