package org.onestop.identity.batch;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises an ID number that a spreadsheet tool damaged, so the clerk is told to fix the tool's column format
 * rather than the generic "must be 18 characters": scientific notation, digits lost (a number column drops leading
 * zeros and rounds beyond 15 significant digits), full-width characters typed with a Chinese input method.
 * Only consulted for a number that already failed {@code ResidentIdNumber.check}.
 */
final class IdNumberHints {

    // 1.40105E+17, 1.40105199001011E17, 1,40105E+17 (a decimal comma locale)
    private static final Pattern SCIENTIFIC = Pattern.compile("\\d([.,]\\d+)?[eE][+]?\\d{1,2}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,17}");

    private IdNumberHints() {
    }

    static Optional<RowReason> hint(String idNumber) {
        if (idNumber == null) {
            return Optional.empty();
        }
        String s = idNumber.strip();
        if (s.chars().anyMatch(IdNumberHints::fullWidth)) {
            return Optional.of(RowReason.ID_FULL_WIDTH);
        }
        if (SCIENTIFIC.matcher(s).matches()) {
            return Optional.of(RowReason.ID_SCIENTIFIC_NOTATION);
        }
        // 15 digits is the pre-1999 first-generation number, still a digits-only string: the same fix applies
        if (DIGITS.matcher(s).matches() && s.length() >= 12) {
            return Optional.of(RowReason.ID_DIGITS_LOST);
        }
        return Optional.empty();
    }

    /** Full-width forms (U+FF01–U+FF5E: １, Ｘ, ｘ, …) and the ideographic space U+3000. */
    private static boolean fullWidth(int c) {
        return (c >= 0xFF01 && c <= 0xFF5E) || c == 0x3000;
    }
}
