package org.onestop.console.session;

/**
 * Which scope opens which part of the console. The gateway's scopes per partner type (docs/security.md) are the only
 * source: the console hides what the API would refuse, it never grants anything the token does not carry.
 */
public final class Pages {

    public static final String UPLOAD = "identity:write";
    public static final String REPORTS = "identity:read";
    public static final String WARNINGS = "warnings:read";
    public static final String ACKNOWLEDGE = "warnings:write";
    public static final String APPLICATIONS = "applications:write";
    public static final String APPLICATION_READ = "applications:read";
    public static final String TAX_LIST = "subsidies:read";
    /** Each service's status through the gateway (operators). */
    public static final String STATUS = "ops:read";
    public static final String WHAT_IF = "whatif:write";
    public static final String WHAT_IF_READ = "whatif:read";

    private Pages() {
    }

    /** A hospital's token (settlement and person reads only) opens none of the console's pages. */
    static boolean any(ConsoleSession session) {
        return session.may(UPLOAD) || session.may(REPORTS) || session.may(APPLICATIONS) || session.may(STATUS);
    }
}
