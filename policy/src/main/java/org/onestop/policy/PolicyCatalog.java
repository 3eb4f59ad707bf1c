package org.onestop.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every region's policy versions, loaded and validated once. A region code may be any GB/T 2260 code
 * inside a policy region (a county of Jiujiang maps to 360400); the version in force on a date is
 * the latest one whose {@code inForceFrom} is not after it.
 */
public final class PolicyCatalog {

    private static final String INDEX = "policies/index.txt";

    private final Map<String, List<RegionPolicy>> byRegion;

    private PolicyCatalog(Map<String, List<RegionPolicy>> byRegion) {
        this.byRegion = byRegion;
    }

    /** The five policy files shipped in this library, without overrides. */
    public static PolicyCatalog loadDefault() {
        return loadDefault(Map.of());
    }

    /**
     * The shipped policy files, with assumed parameters overridden by configuration. Keys are
     * {@code <version>.<dotted path>}, e.g. {@code jiujiang-2022.assumptions.income.2022}; values are
     * written as in the file ({@code "35000.00 | assumed (bureau figure 2023-02)"}).
     *
     * @throws PolicyFileException naming the file and field when a file or an override is invalid
     */
    public static PolicyCatalog loadDefault(Map<String, String> overrides) {
        List<String> files = new ArrayList<>();
        try (InputStream in = resource(INDEX);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    files.add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new PolicyFileException(INDEX, "(file)", "cannot be read: " + e.getMessage());
        }
        Map<String, Map<String, String>> perFile = new LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot < 0) {
                throw new PolicyFileException("(overrides)", key, "must be <version>.<path>");
            }
            perFile.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        List<RegionPolicy> policies = new ArrayList<>();
        for (String file : files) {
            String version = file.replaceFirst("\\.ya?ml$", "");
            try (InputStream in = resource("policies/" + file)) {
                policies.add(PolicyLoader.load(file, in, perFile.getOrDefault(version, Map.of())));
            } catch (IOException e) {
                throw new PolicyFileException(file, "(file)", "cannot be read: " + e.getMessage());
            }
            perFile.remove(version);
        }
        if (!perFile.isEmpty()) {
            throw new PolicyFileException("(overrides)", perFile.keySet().toString(), "names no policy version");
        }
        return of(policies);
    }

    /** A catalog of already loaded policies (e.g. a test's own file). */
    public static PolicyCatalog of(List<RegionPolicy> policies) {
        Map<String, List<RegionPolicy>> byRegion = new LinkedHashMap<>();
        for (RegionPolicy p : policies) {
            byRegion.computeIfAbsent(p.regionCode(), k -> new ArrayList<>()).add(p);
        }
        byRegion.values().forEach(l -> l.sort(Comparator.comparing(RegionPolicy::inForceFrom)));
        byRegion.replaceAll((k, v) -> List.copyOf(v));
        return new PolicyCatalog(Map.copyOf(byRegion));
    }

    /** Reads one policy file from a stream (authoring tools, tests). */
    public static RegionPolicy read(String fileName, InputStream in) {
        return PolicyLoader.load(fileName, in, Map.of());
    }

    /** The policy region (e.g. {@code 360400}) a GB/T 2260 code lies in. */
    public Optional<String> policyRegionOf(String regionCode) {
        if (regionCode == null || !regionCode.matches("\\d{6}")) {
            return Optional.empty();
        }
        for (String region : byRegion.keySet()) {
            if (regionCode.startsWith(prefix(region))) {
                return Optional.of(region);
            }
        }
        return Optional.empty();
    }

    /**
     * The version in force for the region on the date.
     *
     * @throws PolicyNotInForceException for an unknown region or a date before the first version
     */
    public RegionPolicy policyFor(String regionCode, LocalDate date) {
        String region = policyRegionOf(regionCode)
                .orElseThrow(() -> new PolicyNotInForceException("no policy covers region " + regionCode));
        RegionPolicy found = null;
        for (RegionPolicy p : byRegion.get(region)) {
            if (!p.inForceFrom().isAfter(date)) {
                found = p;
            }
        }
        if (found == null) {
            throw new PolicyNotInForceException("no policy of region " + region + " is in force on " + date
                    + " (first from " + byRegion.get(region).get(0).inForceFrom() + ")");
        }
        return found;
    }

    /** Settles a discharge under the version in force on its discharge date in its region. */
    public Settlement settle(Discharge discharge, PersonContext person, Ledger ledger) {
        RegionPolicy policy;
        try {
            policy = policyFor(discharge.regionCode(), discharge.dischargeDate());
        } catch (PolicyNotInForceException notInForce) {
            policy = reachingBack(discharge, person).orElseThrow(() -> notInForce);
        }
        return policy.settle(discharge, person, ledger);
    }

    /** The version whose approved grant covers a discharge dated before every version of the region. */
    private Optional<RegionPolicy> reachingBack(Discharge discharge, PersonContext person) {
        return policyRegionOf(discharge.regionCode()).flatMap(region -> byRegion.get(region).stream()
                .filter(p -> p.grantReachesBack(discharge, person)).findFirst());
    }

    public List<RegionPolicy> all() {
        List<RegionPolicy> all = new ArrayList<>();
        byRegion.values().forEach(all::addAll);
        return all;
    }

    /** {@code 360400 → 3604}, {@code 140000 → 14}: the part of the code that names the region. */
    static String prefix(String region) {
        String p = region;
        while (p.length() > 2 && p.endsWith("00")) {
            p = p.substring(0, p.length() - 2);
        }
        return p;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = PolicyCatalog.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " not found on the class path");
        }
        return in;
    }
}
