package org.onestop.messaging.personref;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onestop.person-ref.*}: the deployment secret the person reference HMAC is keyed with
 * ({@code ONESTOP_PERSON_REF_SECRET}). Every service of one deployment must share it, so a reported ID number
 * maps to the same person everywhere.
 */
@ConfigurationProperties("onestop.person-ref")
public record PersonRefProperties(String secret) {

    public PersonRefProperties {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("onestop.person-ref.secret (ONESTOP_PERSON_REF_SECRET) must be set");
        }
    }

    public byte[] secretBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PersonRefProperties[secret=***]";
    }
}
