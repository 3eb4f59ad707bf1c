package org.onestop.console.labels;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Chinese names for the codes the API answers (DIBAO, NEW, PARTIAL, …) and times in Beijing, for every page of the
 * console. Templates call it as {@code #labels} ({@link LabelsDialect}): {@code ${#labels.category(r.identityType)}},
 * {@code ${#labels.time(batch.receivedAt)}}. The names live in {@code labels.properties} ({@code <group>.<CODE>=名称},
 * UTF-8): a page that shows a new kind of code adds a group there and calls {@link #of}.
 *
 * <p>A code without a name is shown as the code itself, and a missing value as {@link #NONE}: a page never shows a blank
 * where the API said something.
 */
public final class Labels {

    /** The partners are Chinese administrations: their day and clock are Beijing's, whatever the server's zone. */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    /** What a missing value (null or empty) is shown as. */
    public static final String NONE = "—";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final Map<String, String> names;

    private Labels(Map<String, String> names) {
        this.names = names;
    }

    /** The names of {@code labels.properties}, read once: for code that builds a page's rows outside a template. */
    public static Labels standard() {
        return Standard.LABELS;
    }

    private static final class Standard {
        static final Labels LABELS = load();
    }

    /** The names of {@code labels.properties} on the class path. */
    public static Labels load() {
        try (InputStream in = Labels.class.getResourceAsStream("/labels.properties")) {
            if (in == null) {
                throw new IllegalStateException("labels.properties is missing from the class path");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> names = new TreeMap<>();
            p.stringPropertyNames().forEach(k -> names.put(k, p.getProperty(k)));
            return new Labels(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Chinese name of {@code code} in {@code group} ({@code of("category", "DIBAO")} → 低保对象); else the code. */
    public String of(String group, Object code) {
        if (code == null || code.toString().isBlank()) {
            return NONE;
        }
        String c = code.toString().strip();
        return names.getOrDefault(group + "." + c, c);
    }

    /** An identity type (对象类别), e.g. {@code DIBAO} → 低保对象. */
    public String category(Object code) {
        return of("category", code);
    }

    /** A row's change kind (动态调整工作类型), e.g. {@code NEW} → 新识别. */
    public String change(Object code) {
        return of("change", code);
    }

    /** A report row's status: {@code ACCEPTED} → 接收, {@code REJECTED} → 拒绝. */
    public String rowStatus(Object code) {
        return of("row-status", code);
    }

    /** A batch's status in a list: {@code ACCEPTED}, {@code PARTIAL}, {@code REJECTED}, {@code EMPTY}. */
    public String batchStatus(Object code) {
        return of("batch-status", code);
    }

    /** What kind of list a batch was: {@code ROSTER} (附件2) or {@code ADJUSTMENT} (附件3); null: not recorded. */
    public String kind(Object code) {
        return code == null ? "未记录" : of("kind", code);
    }

    /** How a batch arrived: {@code CSV}, {@code XLSX}, {@code JSON}. */
    public String source(Object code) {
        return of("source", code);
    }

    /** A department: {@code CIVIL_AFFAIRS} → 民政. */
    public String department(Object code) {
        return of("department", code);
    }

    /** A warning's status: {@code OPEN}, {@code ACKNOWLEDGED}, {@code RESOLVED}. */
    public String warningStatus(Object code) {
        return of("warning-status", code);
    }

    /** A settlement layer: {@code ASSISTANCE} → 医疗救助. */
    public String layer(Object code) {
        return of("layer", code);
    }

    /** A fund code with its name, {@code 610100 医疗救助基金}; a layer without one (a grant) is {@link #NONE}. */
    public String fund(Object code) {
        String name = of("fund", code);
        return name.equals(NONE) || name.equals(code.toString().strip()) ? name : code.toString().strip() + " " + name;
    }

    /** A what-if run's status: {@code QUEUED}, {@code RUNNING}, {@code DONE}, {@code FAILED}, {@code CANCELLED}. */
    public String whatIfStatus(Object code) {
        return of("what-if-status", code);
    }

    /**
     * An instant as Beijing wall-clock time, {@code yyyy-MM-dd HH:mm} ({@code 2026-01-10T16:30:00Z} → 2026-01-11 00:30).
     * Takes the API's ISO-8601 text (with {@code Z} or an offset) or a java.time value; text it cannot read is shown
     * as it is.
     */
    public String time(Object value) {
        return format(value, TIME);
    }

    /** The Beijing date of an instant, {@code yyyy-MM-dd}; a plain date ({@code 2026-01-31}) as it is. */
    public String date(Object value) {
        return format(value, DATE);
    }

    private static String format(Object value, DateTimeFormatter format) {
        if (value == null || value.toString().isBlank()) {
            return NONE;
        }
        ZonedDateTime beijing;
        if (value instanceof Instant i) {
            beijing = i.atZone(BEIJING);
        } else if (value instanceof OffsetDateTime o) {
            beijing = o.atZoneSameInstant(BEIJING);
        } else if (value instanceof ZonedDateTime z) {
            beijing = z.withZoneSameInstant(BEIJING);
        } else {
            beijing = parse(value.toString().strip());
        }
        return beijing == null ? value.toString() : format.format(beijing);
    }

    private static ZonedDateTime parse(String text) {
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, ZonedDateTime::from);
            return t instanceof OffsetDateTime o ? o.atZoneSameInstant(BEIJING) : ((ZonedDateTime) t).withZoneSameInstant(BEIJING);
        } catch (DateTimeParseException | ClassCastException e) {
            return null; // a local date-time or plain date has no instant: shown as written
        }
    }
}
