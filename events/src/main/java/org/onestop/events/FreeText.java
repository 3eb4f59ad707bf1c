package org.onestop.events;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one check every edge applies to text a partner types (references, notes, reasons, names of files) before it is
 * stored or published: no ID-number-shaped string (an 18-character number, 17 digits and a digit or X, or a 15-digit
 * first-generation number) and no NUL character (PostgreSQL text cannot hold U+0000).
 *
 * <p>An ID number in a free-text field would travel on topics and into other services' tables unmasked, so it is
 * refused (400, naming the field) rather than silently rewritten: the partner learns its reference carries a number.
 */
public final class FreeText {

    /** Why a free text is refused; {@code code} is the machine code, {@code chinese} the clerk's words. */
    public enum Problem {
        ID_NUMBER("FREE_TEXT_ID_NUMBER", "自由文本中不得包含身份证号码"),
        NUL("NUL_CHARACTER", "文本中不得包含NUL(U+0000)字符");

        private final String code;
        private final String chinese;

        Problem(String code, String chinese) {
            this.code = code;
            this.chinese = chinese;
        }

        public String code() {
            return code;
        }

        public String chinese() {
            return chinese;
        }
    }

    // A digit run of exactly 18 (last may be X) or exactly 15: longer runs are account or message numbers.
    private static final Pattern ID_SHAPE =
            Pattern.compile("(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])");

    private FreeText() {
    }

    /** The problem with {@code text}, or empty when it may be stored and published; null text has none. */
    public static Optional<Problem> check(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (containsNul(text)) {
            return Optional.of(Problem.NUL);
        }
        if (containsIdNumber(text)) {
            return Optional.of(Problem.ID_NUMBER);
        }
        return Optional.empty();
    }

    /** True when {@code text} holds an ID-number-shaped run (valid check digit or not: a typo is still personal). */
    public static boolean containsIdNumber(String text) {
        return text != null && ID_SHAPE.matcher(text).find();
    }

    /** True when {@code text} holds U+0000, which PostgreSQL refuses in text. */
    public static boolean containsNul(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }
}
