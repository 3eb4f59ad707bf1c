package org.onestop.console.session;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the console's replicas share sessions ({@code onestop.console.session.*}, docs/console.md "Replicas").
 *
 * @param key         {@code ONESTOP_CONSOLE_SESSION_KEY}: 32 bytes in Base64, the same on every replica; seals the
 *                    session cookie (AES-256-GCM). Unset: a random key per start, so sessions survive neither a
 *                    restart nor another replica (a warning says so)
 * @param previousKey {@code ONESTOP_CONSOLE_SESSION_PREVIOUS_KEY}: the key before a rotation, accepted for reading only
 * @param peers       {@code ONESTOP_CONSOLE_PEERS}: base URLs of the console replicas, told of every sign-out; a host
 *                    name resolving to several addresses (a headless Kubernetes Service) means every one of them
 */
@ConfigurationProperties("onestop.console.session")
public record SessionProperties(String key, String previousKey, List<URI> peers) {

    public SessionProperties {
        peers = peers == null ? List.of() : List.copyOf(peers);
    }
}
