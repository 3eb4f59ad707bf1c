package org.onestop.messaging.personref;

import java.nio.charset.StandardCharsets;
import org.onestop.events.PersonRefSecret;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onestop.person-ref.*}: the deployment secret the person reference HMAC is keyed with
 * ({@code ONESTOP_PERSON_REF_SECRET}). Every service of one deployment must share it, so a reported ID number
 * maps to the same person everywhere.
 *
 * <p>{@code demo-mode} follows {@code onestop.demo-mode} ({@code ONESTOP_DEMO_MODE}, see application.yml).
 */
@ConfigurationProperties("onestop.person-ref")
public record PersonRefProperties(String secret, boolean demoMode) {

    /** Refuses to start without the secret, or with a demo secret outside demo mode, saying why (PersonRefSecret). */
    public PersonRefProperties {
        PersonRefSecret.require(secret, demoMode);
    }

    public byte[] secretBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PersonRefProperties[secret=***]";
    }
}
