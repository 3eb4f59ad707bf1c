package org.onestop.gateway.token;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The internal tokens the gateway mints toward the services ({@code onestop.gateway.internal-tokens.*},
 * docs/security.md "Internal token").
 *
 * @param keyFile   a JWK set with private keys, separate from the partner tokens' key file; the first key signs, every
 *                  key is published at {@code /.well-known/internal-jwks.json}. Created (one RSA key, mode 0600) when
 *                  missing; re-read every {@code keyReload}, so keys rotate without a restart.
 * @param publicFile where the public half of {@code keyFile} is also written (for services configured with a file
 *                  rather than the gateway's URL); written on start and whenever the keys change
 * @param ttl       lifetime of one internal token (at most 60 s: the services refuse longer ones)
 * @param reuse     how long a minted token is reused for the same partner and service; the rest of its life is the
 *                  margin for clock skew and a slow call
 */
@ConfigurationProperties("onestop.gateway.internal-tokens")
public record InternalTokenProperties(Path keyFile, Path publicFile, Duration keyReload, Duration ttl, Duration reuse) {
}
