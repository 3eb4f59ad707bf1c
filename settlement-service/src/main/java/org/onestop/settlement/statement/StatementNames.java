package org.onestop.settlement.statement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The names a statement prints beside codes: regions (GB/T 2260) and hospitals, from {@code statement/names.yml} on the
 * classpath, extended and overridden by a {@code names.yml} in the province's template directory. Each entry carries
 * its source in the file; only the name is printed.
 */
final class StatementNames {

    private final Map<String, String> regions = new HashMap<>();
    private final Map<String, String> hospitals = new HashMap<>();

    StatementNames(Path overrideDir) {
        try (InputStream in = StatementNames.class.getResourceAsStream("/statement/names.yml")) {
            read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (overrideDir != null && Files.isReadable(overrideDir.resolve("names.yml"))) {
            try (InputStream in = Files.newInputStream(overrideDir.resolve("names.yml"))) {
                read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + overrideDir.resolve("names.yml"), e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void read(InputStream in) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        if (root == null) {
            return;
        }
        put(regions, (Map<String, Object>) root.get("regions"));
        put(hospitals, (Map<String, Object>) root.get("hospitals"));
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, String> into, Map<String, Object> entries) {
        if (entries == null) {
            return;
        }
        entries.forEach((code, entry) -> {
            Object name = entry instanceof Map<?, ?> m ? ((Map<String, Object>) m).get("name") : entry;
            if (name != null) {
                into.put(String.valueOf(code), String.valueOf(name));
            }
        });
    }

    /** The hospital's name, or null when the data does not know it (the statement then prints the code alone). */
    String hospital(String code) {
        return code == null ? null : hospitals.get(code);
    }

    /**
     * The region's full name, province + city + county (江西省九江市濂溪区), each level from the data; null when not even
     * the province is known. A level the data lacks is left out.
     */
    String region(String code) {
        if (code == null || !code.matches("\\d{6}")) {
            return null;
        }
        String province = regions.get(code.substring(0, 2) + "0000");
        String city = code.endsWith("0000") ? null : regions.get(code.substring(0, 4) + "00");
        String county = code.endsWith("00") ? null : regions.get(code);
        if (province == null && city == null && county == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String part : new String[] {province, city, county}) {
            if (part != null) {
                b.append(part);
            }
        }
        return b.toString();
    }
}
