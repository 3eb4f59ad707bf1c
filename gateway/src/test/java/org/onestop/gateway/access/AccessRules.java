package org.onestop.gateway.access;

import java.util.List;
import org.springframework.http.HttpMethod;

/** {@link AccessPolicy#RULES} for tests outside this package: each rule's method, a path it matches, its service and action. */
public final class AccessRules {

    /** One rule, with its pattern's variables filled in ({@code {id}} → {@code x1}). */
    public record Example(HttpMethod method, String path, String service, String action) {
    }

    private AccessRules() {
    }

    public static List<Example> examples() {
        return AccessPolicy.RULES.stream()
                .map(r -> new Example(r.method(), r.pattern().getPatternString().replaceAll("\\{[^}]+}", "x1"), r.service(), r.action()))
                .toList();
    }
}
