package org.onestop.console.session;

/** A page the signed-in partner's scopes do not cover: answered with the 403 page. */
public class PageForbiddenException extends RuntimeException {

    private final String scope;

    public PageForbiddenException(String scope) {
        super("needs scope " + scope);
        this.scope = scope;
    }

    public String scope() {
        return scope;
    }
}
