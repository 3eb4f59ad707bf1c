package org.onestop.console.whatif;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.codec.multipart.FilePart;

/**
 * The what-if form: the policy region, the year, and the candidate as {@code parameter = value} lines (on the version
 * in force, or the one named) or a whole policy file uploaded (docs/what-if.md "The candidate"). The console only
 * checks the form's shape; the API validates the candidate with the policy library's own loader and names the parameter
 * at fault.
 */
record WhatIfForm(String region, String year, String version, String overrides, FilePart file) {

    /** The first thing missing or malformed, in Chinese, or null. */
    String problem(boolean hasFile) {
        if (blank(region) || !region.strip().matches("\\d{6}")) {
            return "请填写 6 位政策统筹区代码(如 360400)。";
        }
        if (blank(year) || !year.strip().matches("\\d{4}")) {
            return "请填写 4 位年度(如 2025)。";
        }
        if (hasFile == !blank(overrides)) {
            return hasFile ? "参数修改与政策文件只能二选一。" : "请填写参数修改(每行 参数 = 值),或上传完整的政策文件(YAML)。";
        }
        if (!hasFile) {
            return Overrides.problem(overrides);
        }
        return null;
    }

    boolean hasFile() {
        return file != null && file.filename() != null && !file.filename().isBlank();
    }

    /** The request body of {@code POST /api/v1/what-if}: {@code yaml} when a file was sent, else the overrides. */
    Map<String, Object> body(String yaml) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        if (yaml != null) {
            candidate.put("yaml", yaml);
        } else {
            candidate.put("overrides", Overrides.parse(overrides));
            if (!blank(version)) {
                candidate.put("version", version.strip());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("region", region.strip());
        body.put("year", Integer.parseInt(year.strip()));
        body.put("candidate", candidate);
        return body;
    }

    /** What the form shows again after a refusal (the file cannot be refilled by a page). */
    WhatIfForm withoutFile() {
        return new WhatIfForm(region, year, version, overrides, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The overrides text: one {@code parameter = value} a line; blank lines and {@code #} comments skipped. */
    static final class Overrides {

        private Overrides() {
        }

        /** The first malformed line, named by its number, or null. */
        static String problem(String text) {
            Map<String, String> seen = new LinkedHashMap<>();
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0 || line.substring(eq + 1).isBlank()) {
                    return "第 " + (i + 1) + " 行应为「参数 = 值」,例如 assistance.categories.class2.bands[0].ratio = 80%。";
                }
                if (seen.put(line.substring(0, eq).strip(), "") != null) {
                    return "第 " + (i + 1) + " 行的参数 " + line.substring(0, eq).strip() + " 重复。";
                }
            }
            return seen.isEmpty() ? "请至少填写一行参数修改。" : null;
        }

        /** The lines as the API's {@code overrides} map, in the order written (call after {@link #problem} is null). */
        static Map<String, String> parse(String text) {
            Map<String, String> overrides = new LinkedHashMap<>();
            for (String raw : text.split("\\R")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                overrides.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
            return overrides;
        }
    }
}
