package org.onestop.settlement.application;

/**
 * An insurance office's registration of an application. Either {@code personRef} or {@code idNumber}.
 *
 * @param kind            a grant kind of the region's policy ({@code TILTED}, {@code ILLNESS_POOR})
 * @param applicationDate yyyy-MM-dd, not in the future
 * @param office          the registering office (free text, shown on the notice)
 */
public record ApplicationRequest(String personRef, String idNumber, String regionCode, String kind, String applicationDate,
                                 String office) {

    @Override
    public String toString() {
        return "ApplicationRequest[regionCode=" + regionCode + ", kind=" + kind + ", applicationDate=" + applicationDate + "]";
    }
}
