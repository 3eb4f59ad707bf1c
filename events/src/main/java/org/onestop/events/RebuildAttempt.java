package org.onestop.events;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An attacker's attempt to rebuild a resident ID number from a masked number and what is published beside it
 * (a birth date, a birth year): it counts the valid GB 11643 numbers (address code with a province 11..82, a real
 * birth date between 1880-01-01 and {@code today}, any sequence, the right check character) that agree with every
 * visible character of the mask and with the published birth facts.
 *
 * <p>The suite's rule (docs/security.md): every record, row or answer that carries a mask must leave at least
 * {@link #MIN_CANDIDATES} candidates. The person reference beside a mask does not confirm a guess, because it is an
 * HMAC under a deployment secret the reader does not hold; the count is what a reader without the secret faces.
 * Tests run this against every topic's records and every table holding a mask; it is pure and cheap (one pass over
 * the ~53,600 possible birth dates).
 *
 * @param masked     18 characters: a digit or {@code X} where visible, {@code *} where hidden; never null
 * @param birthDate  a full birth date published beside the mask, or null
 * @param birthYear  a birth year published beside the mask, or null
 * @param today      the latest possible birth date; never null
 */
public record RebuildAttempt(String masked, LocalDate birthDate, Integer birthYear, LocalDate today) {

    /** Fewer candidates than this is a rebuild: small enough to try each against another source. */
    public static final long MIN_CANDIDATES = 10_000;

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";
    /** Every possible birth date up to 2199 as its 8 digits, once: tests run thousands of attempts. */
    private static final LocalDate LAST_TABLED = LocalDate.of(2199, 12, 31);
    private static final String[] DATE_DIGITS = tableOfDates();
    /** Attempts already counted (tests ask the same question for many records). */
    private static final Map<RebuildAttempt, Long> COUNTED = new ConcurrentHashMap<>();

    public RebuildAttempt {
        Objects.requireNonNull(masked, "masked");
        Objects.requireNonNull(today, "today");
        if (masked.length() != 18) {
            throw new IllegalArgumentException("a masked number has 18 characters");
        }
    }

    /** An attempt from the mask alone, as of today. */
    public static RebuildAttempt of(String masked) {
        return new RebuildAttempt(masked, null, null, LocalDate.now());
    }

    public RebuildAttempt withBirthDate(LocalDate date) {
        return new RebuildAttempt(masked, date, birthYear, today);
    }

    public RebuildAttempt withBirthYear(Integer year) {
        return new RebuildAttempt(masked, birthDate, year, today);
    }

    public RebuildAttempt asOf(LocalDate date) {
        return new RebuildAttempt(masked, birthDate, birthYear, date);
    }

    /** True when fewer than {@link #MIN_CANDIDATES} numbers remain: the published fields (nearly) rebuild it. */
    public boolean rebuilds() {
        return candidates() < MIN_CANDIDATES;
    }

    /** How many valid numbers agree with the mask and the published birth facts. */
    public long candidates() {
        return COUNTED.computeIfAbsent(this, RebuildAttempt::count);
    }

    private long count() {
        long[] rest = completionsByResidue();
        int need = needResidue();
        long total = 0;
        int days = (int) (Math.min(today.toEpochDay(), LAST_TABLED.toEpochDay())
                - ResidentIdNumber.EARLIEST_BIRTH.toEpochDay()) + 1;
        for (int i = 0; i < days; i++) {
            String digits = DATE_DIGITS[i];
            if (!fits(digits)) {
                continue;
            }
            int r = residue(digits, 6);
            if (need < 0) {
                for (long c : rest) {
                    total += c;
                }
            } else {
                total += rest[Math.floorMod(need - r, 11)];
            }
        }
        return total;
    }

    /** The candidates themselves, when there are at most {@code limit} (else an empty list): what a rebuild yields. */
    public List<String> enumerate(int limit) {
        List<String> found = new ArrayList<>();
        if (candidates() > limit) {
            return found;
        }
        for (LocalDate d = ResidentIdNumber.EARLIEST_BIRTH; !d.isAfter(today); d = d.plusDays(1)) {
            String digits = dateDigits(d);
            if (fits(digits)) {
                char[] n = masked.toCharArray();
                digits.getChars(0, 8, n, 6);
                fill(n, 0, found);
            }
        }
        return found;
    }

    private void fill(char[] n, int i, List<String> found) {
        if (i == 17) {
            String first17 = new String(n, 0, 17);
            char check = ResidentIdNumber.checkChar(first17);
            int province = (n[0] - '0') * 10 + (n[1] - '0');
            if ((n[17] == '*' || n[17] == check) && province >= 11 && province <= 82) {
                found.add(first17 + check);
            }
            return;
        }
        if (n[i] != '*') {
            fill(n, i + 1, found);
            return;
        }
        for (char c = '0'; c <= '9'; c++) {
            n[i] = c;
            fill(n, i + 1, found);
        }
        n[i] = '*';
    }

    /** Completions of positions 0-5 and 14-16 (everything but the birth date) counted by Σ digit×weight mod 11. */
    private long[] completionsByResidue() {
        long[] counts = new long[11];
        // Positions 0-1 together: the province code must be 11..82.
        for (int p = 11; p <= 82; p++) {
            char a = (char) ('0' + p / 10);
            char b = (char) ('0' + p % 10);
            if (visibleMismatch(0, a) || visibleMismatch(1, b)) {
                continue;
            }
            counts[((a - '0') * WEIGHTS[0] + (b - '0') * WEIGHTS[1]) % 11]++;
        }
        for (int i : new int[] {2, 3, 4, 5, 14, 15, 16}) {
            long[] next = new long[11];
            for (char c = '0'; c <= '9'; c++) {
                if (visibleMismatch(i, c)) {
                    continue;
                }
                int w = (c - '0') * WEIGHTS[i];
                for (int r = 0; r < 11; r++) {
                    next[(r + w) % 11] += counts[r];
                }
            }
            counts = next;
        }
        return counts;
    }

    /** The residue the 17 digits must have for the visible check character, or -1 when it is hidden. */
    private int needResidue() {
        char c = masked.charAt(17);
        return c == '*' ? -1 : CHECK_CHARS.indexOf(c == 'x' ? 'X' : c);
    }

    private boolean fits(String digits) {
        if (birthDate != null && !dateDigits(birthDate).equals(digits)
                || birthYear != null && birthYear != Integer.parseInt(digits, 0, 4, 10)) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (visibleMismatch(6 + i, digits.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean visibleMismatch(int position, char digit) {
        char m = masked.charAt(position);
        return m != '*' && m != digit;
    }

    private static int residue(String digits, int offset) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            sum += (digits.charAt(i) - '0') * WEIGHTS[offset + i];
        }
        return sum % 11;
    }

    private static String dateDigits(LocalDate d) {
        int n = d.getYear() * 10_000 + d.getMonthValue() * 100 + d.getDayOfMonth();
        return Integer.toString(n);
    }

    private static String[] tableOfDates() {
        LocalDate first = ResidentIdNumber.EARLIEST_BIRTH;
        String[] table = new String[(int) (LAST_TABLED.toEpochDay() - first.toEpochDay()) + 1];
        for (int i = 0; i < table.length; i++) {
            table[i] = dateDigits(first.plusDays(i));
        }
        return table;
    }
}
