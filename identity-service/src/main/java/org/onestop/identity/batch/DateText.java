package org.onestop.identity.batch;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dates as clerks type them: 2019-08-01, 2019/8/1, 2019.8.1, 20190801, 2019年8月1日, 2019-08 (the 1st). */
final class DateText {

    private static final Pattern YMD = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*(?:[-/.月]\\s*(\\d{1,2})\\s*日?|月?)");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");

    private DateText() {
    }

    /** The date, or null when the text is not one. */
    static LocalDate parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        try {
            Matcher m = YMD.matcher(t);
            if (m.matches()) {
                int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), day);
            }
            m = COMPACT.matcher(t);
            if (m.matches()) {
                return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }
}
