package org.onestop.console.clerk;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed-in department, read from the {@code department} claim of the partner's own token (docs/security.md): for
 * the page only, to tell the department's own route of a warning from the others'. The token is not verified here (the
 * console is not its audience); nothing is granted by it: the API decides every acknowledgement with the same token.
 */
final class DepartmentClaim {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DepartmentClaim() {
    }

    /** The claim, or null when the token is not a JWT or carries none. */
    static String of(String token) {
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            Map<?, ?> claims = JSON.readValue(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), Map.class);
            Object department = claims.get("department");
            return department == null ? null : department.toString();
        } catch (RuntimeException e) {
            return null; // not a JWT we can read: the page then offers no 确认, the worklist still shows
        }
    }
}
