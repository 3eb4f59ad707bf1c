package org.onestop.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A validated 18-character resident identity number (居民身份证号码, GB 11643-1999): 6-digit address code,
 * birth date yyyyMMdd, 3-digit sequence, check character over ISO 7064 MOD 11-2.
 *
 * <p>{@link #toString()} is masked so a raw number cannot end up in a log by accident; the raw form is
 * available only through {@link #value()}, which callers must keep inside the identity service.
 */
public final class ResidentIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";
    /** The earliest birth date a valid number may carry (also the start of {@link RebuildAttempt}'s enumeration). */
    static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);
    private static final String HIDDEN = "***********";
    private static final Pattern OLD_MASK = Pattern.compile("\\d{6}\\*{8}\\d{3}[0-9X]");

    /** Why a text is not a valid number; {@code code} is the machine code, {@code chinese} the clerk's words. */
    public enum Problem {
        FORMAT("ID_FORMAT", "身份证号码应为18位(前17位为数字,末位为数字或X)"),
        ADDRESS("ID_ADDRESS", "身份证号码前6位不是有效的行政区划代码"),
        BIRTH_DATE("ID_BIRTH_DATE", "身份证号码中的出生日期无效"),
        CHECK_DIGIT("ID_CHECK_DIGIT", "身份证号码校验位错误");

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

    private final String value;
    private final LocalDate birthDate;

    private ResidentIdNumber(String value, LocalDate birthDate) {
        this.value = value;
        this.birthDate = birthDate;
    }

    /** Parses against today's date; throws {@link IllegalArgumentException} naming the problem code (never the number). */
    public static ResidentIdNumber of(String text) {
        return of(text, LocalDate.now());
    }

    public static ResidentIdNumber of(String text, LocalDate today) {
        String normalized = normalize(text);
        Optional<Problem> problem = check(normalized, today);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get().code());
        }
        return new ResidentIdNumber(normalized, birthDateOf(normalized));
    }

    /** The problem with {@code text}, or empty when it is a valid number as of {@code today}. */
    public static Optional<Problem> check(String text, LocalDate today) {
        String s = normalize(text);
        if (s == null || s.length() != 18) {
            return Optional.of(Problem.FORMAT);
        }
        for (int i = 0; i < 17; i++) {
            if (!isAsciiDigit(s.charAt(i))) {
                return Optional.of(Problem.FORMAT);
            }
        }
        char last = s.charAt(17);
        if (!isAsciiDigit(last) && last != 'X') {
            return Optional.of(Problem.FORMAT);
        }
        // Province codes run 11..82 (GB/T 2260); a leading 0 or 9 is never an address.
        int province = (s.charAt(0) - '0') * 10 + (s.charAt(1) - '0');
        if (province < 11 || province > 82) {
            return Optional.of(Problem.ADDRESS);
        }
        LocalDate birth = birthDateOf(s);
        if (birth == null || birth.isBefore(EARLIEST_BIRTH) || birth.isAfter(today)) {
            return Optional.of(Problem.BIRTH_DATE);
        }
        if (checkChar(s) != last) {
            return Optional.of(Problem.CHECK_DIGIT);
        }
        return Optional.empty();
    }

    public static boolean isValid(String text) {
        return check(text, LocalDate.now()).isEmpty();
    }

    /** The check character for the first 17 digits of {@code s}. */
    static char checkChar(String s) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (s.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS.charAt(sum % 11);
    }

    /** Completes 17 digits with their check character (test data generators). */
    public static String withCheckChar(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need 17 digits");
        }
        return first17 + checkChar(first17);
    }

    private static LocalDate birthDateOf(String s) {
        try {
            return LocalDate.of(Integer.parseInt(s.substring(6, 10)),
                    Integer.parseInt(s.substring(10, 12)), Integer.parseInt(s.substring(12, 14)));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String normalize(String text) {
        return text == null ? null : text.strip().toUpperCase(Locale.ROOT);
    }

    /** The raw upper-cased number. Stays inside identity-service. */
    public String value() {
        return value;
    }

    /** The full birth date: stays inside identity-service (beside any mask it would narrow the number). */
    public LocalDate birthDate() {
        return birthDate;
    }

    /** The 6-digit address code of the place of first registration. */
    public String addressCode() {
        return value.substring(0, 6);
    }

    /**
     * The one display mask of the suite: first 6 (address code) + 11 {@code *} + the check character, e.g.
     * {@code 110105***********X}. It hides the birth date and the sequence together, so nothing the suite publishes
     * beside it (at most the birth year, see {@code docs/security.md}) narrows the number to fewer than
     * {@link RebuildAttempt#MIN_CANDIDATES} candidates. Never publish a full birth date or the sequence beside it.
     */
    public String mask() {
        return maskOf(value);
    }

    /** The mask of an 18-character number (same rule as {@link #mask()}); used by migrations of stored masks too. */
    static String maskOf(String eighteen) {
        return eighteen.substring(0, 6) + HIDDEN + eighteen.charAt(17);
    }

    /**
     * {@code masked} in the shape of {@link #mask()}: a mask of the earlier shape (first 6 + 8 {@code *} + last 4,
     * which with a birth date beside it rebuilt the number) loses its sequence digits; null stays null.
     * Consumers reading records published before the change store only the current shape.
     *
     * @throws IllegalArgumentException when {@code masked} is neither shape (e.g. a raw number)
     */
    public static String remask(String masked) {
        if (masked == null || isMask(masked)) {
            return masked;
        }
        if (OLD_MASK.matcher(masked).matches()) {
            return maskOf(masked);
        }
        throw new IllegalArgumentException("not a masked ID number");
    }

    /** True when {@code text} has exactly the shape of {@link #mask()}: 6 digits, 11 {@code *}, a digit or X. */
    public static boolean isMask(String text) {
        // by hand, not MASK.matcher: every IdentityChanged read by three consumers passes here (issue 17's profile)
        if (text == null || text.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = text.charAt(i);
            if (i < 6 ? c < '0' || c > '9' : c != '*') {
                return false;
            }
        }
        char last = text.charAt(17);
        return last >= '0' && last <= '9' || last == 'X';
    }

    /** The birth year (the most the suite publishes about the birth date, where a consumer needs age). */
    public int birthYear() {
        return birthDate.getYear();
    }

    /** Lowercase hex HMAC-SHA256 of the upper-cased number under {@code secret}: deterministic per secret. */
    public PersonRef personRef(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return new PersonRef(HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.US_ASCII))));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResidentIdNumber other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Masked, never the raw number. */
    @Override
    public String toString() {
        return mask();
    }
}
