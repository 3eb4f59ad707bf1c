package org.onestop.identity.access;

import java.util.Map;

/**
 * A partner asked for something it may not touch: answered 403 with problem {@code code} (the gateway's slugs:
 * {@code not-allowed-for-partner-type}, {@code not-your-department}, {@code not-your-region}); nothing is stored.
 *
 * @param properties extra problem properties (e.g. {@code rows}), never request data such as ID numbers
 */
public final class AccessDeniedException extends RuntimeException {

    private final String code;
    private final Map<String, Object> properties;

    AccessDeniedException(String code, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.code = code;
        this.properties = properties;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
