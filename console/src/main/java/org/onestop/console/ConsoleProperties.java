package org.onestop.console;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the console is told ({@code onestop.console.*}).
 *
 * @param gatewayUri  the gateway as this console reaches it (the same public API every partner system calls)
 * @param idleTimeout a session unused this long is gone; a session also ends when the partner's token expires
 * @param dashboards  where the operator's Grafana is, linked from the status page (empty: no link)
 */
@ConfigurationProperties("onestop.console")
public record ConsoleProperties(URI gatewayUri, Duration idleTimeout, String dashboards) {
}
