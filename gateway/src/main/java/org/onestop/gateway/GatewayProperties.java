package org.onestop.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * Everything the gateway is told ({@code onestop.gateway.*}).
 *
 * @param services   base URIs of the services behind the gateway: each a list, one URI per replica (routing.Upstreams);
 *                   {@code console} is the partners' web console (docs/console.md)
 * @param tokens     token issuing and verification
 * @param demo       demo partners created on start (embedded default only)
 * @param limits     per-partner rate and request-size limits
 * @param resilience timeouts and circuit breakers
 * @param audit      the write-behind audit log
 */
@ConfigurationProperties("onestop.gateway")
public record GatewayProperties(Services services, Tokens tokens, Demo demo, Limits limits, Resilience resilience,
        Audit audit) {

    public record Services(List<URI> identity, List<URI> settlement, List<URI> enrollment, List<URI> monitoring,
            List<URI> console) {
    }

    /**
     * @param keyFile   a JWK set with private keys; the first key signs, every key verifies. Created (one RSA key) when
     *                  missing; re-read every {@code keyReload} so keys rotate without a restart.
     * @param ttl       lifetime of an access token
     * @param revocationRefresh how often disabled partners and changed secrets are re-read (revocation takes effect
     *                  within this time)
     */
    public record Tokens(String issuer, String audience, Duration ttl, Path keyFile, Duration keyReload,
            Duration revocationRefresh) {
    }

    public record Demo(boolean enabled, Path credentialsFile) {
    }

    /**
     * @param requestsPerSecond      per partner (client id), across all routes
     * @param tokenRequestsPerSecond per client id asked for at the token endpoint, counted per source address: a
     *                               stranger's requests naming a partner never spend that partner's own budget
     * @param tokenRequestsPerSecondPerSource per source address at the token endpoint, whatever client ids it names
     *                               (checked first, so a flood costs no bcrypt check)
     * @param jsonMax                any request body except the identity uploads below
     * @param csvMax                 the identity CSV upload ({@code POST /api/v1/identity/batches/csv}), streamed
     * @param batchJsonMax           the identity JSON batch ({@code POST /api/v1/identity/batches}): identity-service
     *                               reads up to 16 MB, so the gateway must not cut it at {@code jsonMax} (issue 15)
     */
    public record Limits(int requestsPerSecond, int tokenRequestsPerSecond, int tokenRequestsPerSecondPerSource,
            DataSize jsonMax, DataSize csvMax, DataSize batchJsonMax) {

        @ConstructorBinding
        public Limits {
            batchJsonMax = batchJsonMax == null ? DataSize.ofMegabytes(16) : batchJsonMax;
        }

        /** Without a JSON batch limit of its own: identity-service's 16 MB. */
        public Limits(int requestsPerSecond, int tokenRequestsPerSecond, int tokenRequestsPerSecondPerSource,
                DataSize jsonMax, DataSize csvMax) {
            this(requestsPerSecond, tokenRequestsPerSecond, tokenRequestsPerSecondPerSource, jsonMax, csvMax, null);
        }
    }

    /**
     * @param timeout              per call to a service (time limiter of the route's circuit breaker)
     * @param csvTimeout           the same for the CSV upload route
     * @param failureRateThreshold percent of failed calls that opens a route's circuit
     * @param openWait             how long an open circuit answers 503 before it lets trial calls through
     * @param maxConcurrentPerRoute calls in flight to one route's service at once (bulkhead); beyond it, 503 at once
     * @param csvMaxConcurrent     the same for the CSV upload route (each upload holds a stream for minutes)
     */
    public record Resilience(Duration timeout, Duration csvTimeout, float failureRateThreshold, Duration openWait,
            int maxConcurrentPerRoute, int csvMaxConcurrent) {
    }

    public record Audit(Duration flushInterval, int maxQueue) {
    }
}
