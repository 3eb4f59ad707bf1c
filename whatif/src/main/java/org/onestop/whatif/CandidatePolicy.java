package org.onestop.whatif;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.PolicyFileException;
import org.onestop.policy.RegionPolicy;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A candidate policy for a what-if, validated by the policy library's own loader ({@link PolicyCatalog#read}), exactly
 * as the shipped files are: either a whole policy file, or the shipped file of a version with named parameters changed.
 * Keeps the effective YAML text, so a run elsewhere (the Spark job) rebuilds the very same policy from it.
 *
 * <p>Parameter paths are dotted; a list is entered by index ({@code bands[0]}) or, for lists of items with an
 * {@code id}, by that id ({@code assistance.categories.class2.bands[0].ratio}). A value without its {@code | clause}
 * keeps the clause of the value it replaces, marked {@code (what-if)}.
 */
public record CandidatePolicy(String yaml, RegionPolicy policy) {

    private static final String INDEX = "policies/index.txt";
    private static final String FILE = "candidate.yaml";
    private static final Pattern SEGMENT = Pattern.compile("([^\\[\\]]+)((?:\\[\\d+])*)");
    private static final Pattern INDEXES = Pattern.compile("\\[(\\d+)]");

    /**
     * A whole policy file as the candidate.
     *
     * @param region the policy region the run is for: the file must be that region's
     * @throws CandidateException naming the field the loader refuses, or {@code region}
     */
    public static CandidatePolicy ofYaml(String yaml, String region) {
        RegionPolicy policy = load(yaml);
        if (!policy.regionCode().equals(region)) {
            throw new CandidateException("region", "the candidate is a policy of region " + policy.regionCode() + ", not " + region);
        }
        return new CandidatePolicy(yaml, policy);
    }

    /**
     * The shipped file of {@code version} with the deployment's overrides (as the settlement books use it) and then the
     * candidate's {@code overrides} applied.
     *
     * @param deployment the deployment's overrides of this version, paths without the version prefix
     * @throws CandidateException naming the override at fault (its path as given)
     */
    public static CandidatePolicy ofOverrides(String version, Map<String, String> deployment, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            throw new CandidateException("overrides", "name at least one parameter to change");
        }
        String shipped = shipped(version);
        Map<String, Object> raw = parse(shipped);
        deployment.forEach((path, value) -> set(raw, path, value, false));
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            if (o.getValue() == null || o.getValue().isBlank()) {
                throw new CandidateException(o.getKey(), "has no value");
            }
            set(raw, o.getKey(), o.getValue(), true);
        }
        String yaml = dump(raw);
        try {
            return new CandidatePolicy(yaml, PolicyCatalog.read(FILE, stream(yaml)));
        } catch (PolicyFileException e) {
            // name the override the caller wrote, not the loader's path to it: try each alone on the shipped file
            throw new CandidateException(culprit(version, deployment, overrides, e.field()), e.getMessage());
        }
    }

    private static String culprit(String version, Map<String, String> deployment, Map<String, String> overrides, String field) {
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            Map<String, Object> raw = parse(shipped(version));
            deployment.forEach((path, value) -> set(raw, path, value, false));
            set(raw, o.getKey(), o.getValue(), true);
            try {
                PolicyCatalog.read(FILE, stream(dump(raw)));
            } catch (PolicyFileException e) {
                return o.getKey();
            }
        }
        return field;
    }

    private static RegionPolicy load(String yaml) {
        try {
            return PolicyCatalog.read(FILE, stream(yaml));
        } catch (PolicyFileException e) {
            throw new CandidateException(e.field(), e.getMessage());
        }
    }

    /** The text of a shipped policy version (file {@code <version>.yaml} listed in the library's index). */
    public static String shipped(String version) {
        String index = resource(INDEX);
        for (String line : index.split("\n")) {
            String file = line.trim();
            if (!file.isEmpty() && !file.startsWith("#") && file.replaceFirst("\\.ya?ml$", "").equals(version)) {
                return resource("policies/" + file);
            }
        }
        throw new CandidateException("version", "no shipped policy version " + version);
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> root, String path, String value, boolean candidate) {
        String[] parts = path.split("\\.");
        Object node = root;
        for (int i = 0; i < parts.length; i++) {
            Matcher m = SEGMENT.matcher(parts[i]);
            if (!m.matches()) {
                throw new CandidateException(path, "is not a parameter path (name, name[0], name.id.field)");
            }
            boolean last = i == parts.length - 1 && m.group(2).isEmpty();
            String key = m.group(1);
            if (node instanceof List<?> list) {
                // a list of items with ids (categories, warning lines): the part names the item
                node = itemById(list, key);
            } else if (node instanceof Map<?, ?> map) {
                Object k = keyOf((Map<Object, Object>) map, key);
                if (k == null) {
                    throw new CandidateException(path, "names no parameter of the policy file");
                }
                if (last) {
                    ((Map<Object, Object>) map).put(k, candidate ? withClause(map.get(k), value) : value);
                    return;
                }
                node = map.get(k);
            } else {
                node = null;
            }
            if (node == null) {
                throw new CandidateException(path, "names no parameter of the policy file");
            }
            List<Integer> indexes = new ArrayList<>();
            Matcher idx = INDEXES.matcher(m.group(2));
            while (idx.find()) {
                indexes.add(Integer.parseInt(idx.group(1)));
            }
            for (int k = 0; k < indexes.size(); k++) {
                int n = indexes.get(k);
                if (!(node instanceof List<?> l) || n >= l.size()) {
                    throw new CandidateException(path, "names no parameter of the policy file (no item " + n + ")");
                }
                if (k == indexes.size() - 1 && i == parts.length - 1) {
                    ((List<Object>) l).set(n, candidate ? withClause(l.get(n), value) : value);
                    return;
                }
                node = l.get(n);
            }
            if (i == parts.length - 1) {
                throw new CandidateException(path, "names a section, not a parameter");
            }
        }
    }

    /** {@code "75%"} replacing {@code "70% | clause"} becomes {@code "75% | clause (what-if)"}. */
    private static String withClause(Object old, String value) {
        if (value.contains("|") || !(old instanceof String s) || !s.contains("|")) {
            return value;
        }
        return value.trim() + " | " + s.substring(s.indexOf('|') + 1).trim() + " (what-if)";
    }

    private static Object itemById(List<?> list, String id) {
        for (Object item : list) {
            if (item instanceof Map<?, ?> m && id.equals(String.valueOf(m.get("id")))) {
                return item;
            }
        }
        return null;
    }

    private static Object keyOf(Map<Object, Object> map, String key) {
        for (Object k : map.keySet()) {
            if (String.valueOf(k).equals(key)) {
                return k;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return new LinkedHashMap<>((Map<String, Object>) parsed);
        } catch (YAMLException | ClassCastException e) {
            throw new CandidateException("(syntax)", "the policy file cannot be read: " + e.getMessage());
        }
    }

    private static String dump(Map<String, Object> raw) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(200);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(raw);
    }

    private static InputStream stream(String yaml) {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        try (InputStream in = CandidatePolicy.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new CandidateException("version", "resource " + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CandidateException("version", "resource " + name + " cannot be read: " + e.getMessage());
        }
    }
}
