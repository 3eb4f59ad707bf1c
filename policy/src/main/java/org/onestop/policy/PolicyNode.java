package org.onestop.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A node of a parsed policy file that knows its path, so every error names the file and the field.
 * Values that are policy parameters are written {@code "value | clause"}: the clause is mandatory.
 */
final class PolicyNode {

    private static final Pattern OF_INCOME = Pattern.compile("([0-9.]+)%\\s+of\\s+income");

    private final String file;
    private final String path;
    private final Object value;

    PolicyNode(String file, String path, Object value) {
        this.file = file;
        this.path = path;
        this.value = value;
    }

    String path() {
        return path;
    }

    String file() {
        return file;
    }

    PolicyFileException error(String problem) {
        return new PolicyFileException(file, path.isEmpty() ? "(root)" : path, problem);
    }

    boolean has(String key) {
        return map().containsKey(key) && map().get(key) != null;
    }

    PolicyNode get(String key) {
        Object v = map().get(key);
        if (v == null) {
            throw new PolicyNode(file, child(key), null).error("is missing");
        }
        return new PolicyNode(file, child(key), v);
    }

    PolicyNode getOrNull(String key) {
        return has(key) ? get(key) : null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
        if (!(value instanceof Map)) {
            throw error("must be a mapping");
        }
        return (Map<String, Object>) value;
    }

    /** Entries of a mapping, keys as strings, in file order. */
    Map<String, PolicyNode> entries() {
        Map<String, PolicyNode> result = new LinkedHashMap<>();
        map().forEach((k, v) -> result.put(String.valueOf(k), new PolicyNode(file, child(String.valueOf(k)), v)));
        return result;
    }

    List<PolicyNode> list() {
        if (!(value instanceof List<?> l)) {
            throw error("must be a list");
        }
        List<PolicyNode> result = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            result.add(new PolicyNode(file, path + "[" + i + "]", l.get(i)));
        }
        return result;
    }

    List<String> strings() {
        List<String> result = new ArrayList<>();
        for (PolicyNode n : list()) {
            result.add(n.text());
        }
        return result;
    }

    String text() {
        if (value == null || value instanceof Map || value instanceof List) {
            throw error("must be a plain value");
        }
        if (value instanceof java.util.Date date) {
            // SnakeYAML reads an unquoted 2022-10-01 as a timestamp at midnight UTC.
            return date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        }
        return String.valueOf(value).trim();
    }

    String text(String key) {
        return get(key).text();
    }

    String textOr(String key, String fallback) {
        return has(key) ? get(key).text() : fallback;
    }

    <E extends Enum<E>> E enumValue(Class<E> type) {
        String t = text();
        try {
            return Enum.valueOf(type, t);
        } catch (IllegalArgumentException e) {
            throw error("unknown " + type.getSimpleName() + " '" + t + "', expected one of " + List.of(type.getEnumConstants()));
        }
    }

    /** Splits {@code "value | clause"}; a parameter without its clause is an error. */
    String[] cited() {
        String t = text();
        int bar = t.indexOf('|');
        if (bar < 0 || t.substring(bar + 1).isBlank()) {
            throw error("'" + t + "' has no citation: write \"value | clause\" or \"value | assumed\"");
        }
        return new String[] {t.substring(0, bar).trim(), t.substring(bar + 1).trim()};
    }

    Cited<Money> money() {
        String[] c = cited();
        try {
            Money m = Money.of(c[0]);
            if (m.isNegative()) {
                throw error("amount " + c[0] + " is negative");
            }
            return new Cited<>(m, c[1]);
        } catch (NumberFormatException | ArithmeticException e) {
            throw error("'" + c[0] + "' is not an amount in yuan");
        }
    }

    /** A cap: an amount, or {@code none} (no cap) with its clause. */
    Cited<Money> cap() {
        String[] c = cited();
        if (c[0].equalsIgnoreCase("none")) {
            return new Cited<>(null, c[1]);
        }
        return money();
    }

    /** A ratio written as a percentage ({@code "65%"}), between 0 and 100 %. */
    Cited<BigDecimal> percent() {
        String[] c = cited();
        if (!c[0].endsWith("%")) {
            throw error("'" + c[0] + "' must be a percentage like 65%");
        }
        BigDecimal p;
        try {
            p = new BigDecimal(c[0].substring(0, c[0].length() - 1).trim());
        } catch (NumberFormatException e) {
            throw error("'" + c[0] + "' is not a percentage");
        }
        if (p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw error("ratio " + c[0] + " is outside 0–100%");
        }
        if (p.stripTrailingZeros().scale() > 4) {
            throw error("ratio " + c[0] + " has more than 4 decimals");
        }
        return new Cited<>(p.movePointLeft(2), c[1]);
    }

    Cited<Integer> integer() {
        String[] c = cited();
        try {
            return new Cited<>(Integer.parseInt(c[0]), c[1]);
        } catch (NumberFormatException e) {
            throw error("'" + c[0] + "' is not a whole number");
        }
    }

    Cited<Boolean> bool() {
        String[] c = cited();
        if (!c[0].equals("true") && !c[0].equals("false")) {
            throw error("'" + c[0] + "' must be true or false");
        }
        return new Cited<>(Boolean.parseBoolean(c[0]), c[1]);
    }

    /** A fixed amount or {@code "N% of income"}. */
    AmountRule amount() {
        String[] c = cited();
        var m = OF_INCOME.matcher(c[0]);
        if (m.matches()) {
            BigDecimal share = new BigDecimal(m.group(1));
            if (share.compareTo(BigDecimal.valueOf(1000)) > 0) {
                throw error("share of income " + c[0] + " is implausible");
            }
            return AmountRule.ofIncome(share.movePointLeft(2), c[1]);
        }
        return AmountRule.fixed(money().value(), c[1]);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
