import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.onestop.events.RebuildAttempt;

/**
 * Tries to rebuild a resident ID number from every line of the given dumps (one topic record, table row or metric a
 * line), the way {@code infra/scripts/boundary-check.sh} collects them: each masked number on a line is attempted
 * together with every birth date or birth year on the same line (docs/security.md, "Personal data": at least
 * {@link RebuildAttempt#MIN_CANDIDATES} candidates must remain). Exits 1 and names the line when one is rebuildable.
 *
 * <pre>java -cp events/target/onestop-events-*.jar infra/scripts/RebuildCheck.java dump...</pre>
 */
public class RebuildCheck {

    /** 18 characters of digits, X and at least one '*': a masked number in any shape the suite ever published. */
    private static final Pattern MASK = Pattern.compile("(?<![0-9A-Za-z*])([0-9X*]{18})(?![0-9A-Za-z*])");
    private static final Pattern BIRTH_DATE = Pattern.compile("\"birth_?[dD]ate\"\\s*:\\s*\"(\\d{4}-\\d{2}-\\d{2})\"");
    private static final Pattern BIRTH_YEAR = Pattern.compile("\"birth_?[yY]ear\"\\s*:\\s*\"?(\\d{4})");

    public static void main(String[] args) throws Exception {
        LocalDate today = LocalDate.now();
        int masks = 0;
        int rebuilt = 0;
        for (String arg : args) {
            Path file = Path.of(arg);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                Matcher mask = MASK.matcher(line);
                while (mask.find()) {
                    String masked = mask.group(1);
                    if (masked.indexOf('*') < 0) {
                        continue;
                    }
                    masks++;
                    RebuildAttempt attempt = RebuildAttempt.of(masked).asOf(today);
                    Matcher date = BIRTH_DATE.matcher(line);
                    if (date.find()) {
                        attempt = attempt.withBirthDate(LocalDate.parse(date.group(1)));
                    }
                    Matcher year = BIRTH_YEAR.matcher(line);
                    if (year.find()) {
                        attempt = attempt.withBirthYear(Integer.valueOf(year.group(1)));
                    }
                    if (attempt.rebuilds()) {
                        rebuilt++;
                        System.out.printf("REBUILDABLE %s line %d: mask %s leaves %d candidate(s)%n", file.getFileName(), n + 1,
                                masked, attempt.candidates());
                    }
                }
            }
        }
        System.out.printf("RebuildCheck: %d masked number(s) tried in %d file(s), %d rebuildable%n", masks, args.length, rebuilt);
        System.exit(rebuilt == 0 ? 0 : 1);
    }
}
