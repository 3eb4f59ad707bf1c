package org.onestop.console.whatif;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * The API's amounts are yuan strings exact to the fen ({@code "47325.00"}); the page shows them grouped by thousands
 * ({@code 47,325.00}) and never rounds: {@link BigDecimal} from the text, the same two decimals back.
 */
final class Amounts {

    private Amounts() {
    }

    /** The amount the API wrote, or null when it wrote none (a decile of an empty run). */
    static BigDecimal parse(Object yuan) {
        return yuan == null ? null : new BigDecimal(yuan.toString());
    }

    /** {@code 47,325.00}; {@code -1,155.00}; empty for none. */
    static String yuan(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        // a new format per call: DecimalFormat is not thread-safe, and a page formats a few hundred numbers at most
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setParseBigDecimal(true);
        return format.format(amount.setScale(2));
    }

    static String yuan(Object apiText) {
        return yuan(parse(apiText));
    }
}
