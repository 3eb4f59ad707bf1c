package org.onestop.identity;

import java.util.Base64;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onestop.identity.encryption.*}: the keys raw ID numbers and names are encrypted with at rest (AES-256-GCM).
 * The service refuses to start without a valid active key, saying why.
 *
 * @param keys        key id → base64 of 32 random bytes; every id a stored row names must be here to be read
 *                    (env {@code ONESTOP_IDENTITY_ENCRYPTION_KEYS_<ID>}; application.yml maps
 *                    {@code ONESTOP_IDENTITY_ENCRYPTION_KEY} to id {@code k1})
 * @param activeKeyId the key new and re-encrypted rows are sealed with
 *                    ({@code ONESTOP_IDENTITY_ENCRYPTION_ACTIVE_KEY_ID})
 */
@ConfigurationProperties("onestop.identity.encryption")
public record EncryptionProperties(Map<String, String> keys, String activeKeyId) {

    public EncryptionProperties {
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        if (activeKeyId == null || activeKeyId.isBlank()) {
            throw new IllegalStateException("onestop.identity.encryption.active-key-id is not set: identity-service "
                    + "encrypts ID numbers and names at rest and needs the id of the key to seal them with");
        }
        String active = keys.get(activeKeyId);
        if (active == null || active.isBlank()) {
            throw new IllegalStateException("onestop.identity.encryption.keys." + activeKeyId + " (the active key; "
                    + "ONESTOP_IDENTITY_ENCRYPTION_KEY for id k1) is not set: identity-service refuses to store ID "
                    + "numbers and names unencrypted. Generate one with: openssl rand -base64 32");
        }
        for (Map.Entry<String, String> k : keys.entrySet()) {
            if (k.getValue() == null || k.getValue().isBlank()) {
                continue; // an empty placeholder (e.g. an unset optional env var) is no key
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(k.getValue().strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("onestop.identity.encryption.keys." + k.getKey() + " is not base64");
            }
            if (bytes.length != 32) {
                throw new IllegalStateException("onestop.identity.encryption.keys." + k.getKey() + " must be 32 bytes "
                        + "(AES-256), base64-encoded; it has " + bytes.length);
            }
        }
    }

    @Override
    public String toString() {
        return "EncryptionProperties[keys=" + keys.keySet() + ", activeKeyId=" + activeKeyId + "]";
    }
}
