package org.onestop.events;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The start-up rule for the deployment secret every person reference is an HMAC under
 * ({@code onestop.person-ref.secret}, env {@code ONESTOP_PERSON_REF_SECRET}): a service that computes person references
 * refuses to start without it, or with a published demo secret unless demo mode is on ({@code onestop.demo-mode},
 * env {@code ONESTOP_DEMO_MODE=true}). Under a public secret anyone could compute the reference of every ID number and
 * so confirm a guess from a mask: the masks' candidate counts (docs/security.md) assume the secret is secret.
 */
public final class PersonRefSecret {

    /** Secrets that are published (application defaults, the launcher's demo): acceptable in demo mode only. */
    public static final Set<String> DEMO_SECRETS =
            Set.of("dev-only-change-me", "onestop-demo-secret-not-for-real-data");

    private PersonRefSecret() {
    }

    /** Why a service must not start with {@code secret}, or empty when it may. */
    public static Optional<String> refusal(String secret, boolean demoMode) {
        if (secret == null || secret.isBlank()) {
            return Optional.of("onestop.person-ref.secret (ONESTOP_PERSON_REF_SECRET) is not set: person references "
                    + "are an HMAC under this deployment secret, so the service cannot start without it. Set the same "
                    + "secret in every service (the launcher passes it; its demo mode passes the demo secret).");
        }
        if (DEMO_SECRETS.contains(secret.strip()) && !demoMode) {
            return Optional.of("onestop.person-ref.secret (ONESTOP_PERSON_REF_SECRET) is a published demo secret and "
                    + "demo mode is off: anyone could compute the person reference of any ID number with it. Set the "
                    + "deployment's own secret, or start in demo mode (onestop.demo-mode=true, ONESTOP_DEMO_MODE=true) "
                    + "with demo data only.");
        }
        return Optional.empty();
    }

    /**
     * The secret's bytes, or an {@link IllegalStateException} saying why the service must not start.
     */
    public static byte[] require(String secret, boolean demoMode) {
        refusal(secret, demoMode).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
