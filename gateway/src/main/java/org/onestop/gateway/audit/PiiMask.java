package org.onestop.gateway.audit;

import java.util.regex.Pattern;

/**
 * Masks anything shaped like a resident ID number (17 digits and a digit or X) in text the gateway logs or stores,
 * e.g. a path or query a partner built wrongly. The same shape as {@code ResidentIdNumber.mask()}: first 6 and the
 * check character stay (first 6 + last 4 would leave ~4,900 candidates, docs/security.md "What a mask leaves").
 */
public final class PiiMask {

    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])(\\d{6})\\d{11}([0-9Xx])(?![0-9A-Za-z])");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}]");

    private PiiMask() {
    }

    /** The text with ID numbers masked and control characters (CR, LF, …) replaced, so a log line stays one line. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = ID_NUMBER.matcher(text).replaceAll("$1***********$2");
        return CONTROL.matcher(masked).replaceAll("?");
    }
}
