package org.onestop.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The public API description the gateway serves ({@code gateway/src/main/resources/openapi.yaml}), for tests that hold
 * a service's real answers against it: every member an answer carries must be described by its schema (at any depth,
 * through {@code $ref}, arrays, {@code allOf}/{@code oneOf}/{@code anyOf} and {@code additionalProperties}), and every
 * value of an enumerated member must be one the schema lists. Issue 14: the description had drifted to 7 of the
 * settlement answer's 24 fields. A member the schema describes that an answer lacks is not reported (nullable and
 * optional members exist).
 */
public final class OpenApiDescription {

    static final String FILE = "gateway/src/main/resources/openapi.yaml";

    private final Map<String, Object> doc;

    private OpenApiDescription(Map<String, Object> doc) {
        this.doc = doc;
    }

    /** The description in this repository: found from the working directory (a module's or the root) upwards. */
    public static OpenApiDescription served() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(FILE);
            if (Files.isRegularFile(file)) {
                return parse(file);
            }
        }
        throw new IllegalStateException(FILE + " not found above " + Path.of("").toAbsolutePath());
    }

    static OpenApiDescription parse(Path file) {
        try {
            return of(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static OpenApiDescription of(String yaml) {
        return new OpenApiDescription((Map<String, Object>) new Yaml(new LoaderOptions()).load(yaml));
    }

    /**
     * What {@code json} (an answer as sent) carries that the schema {@code name} ({@code components.schemas}) does not
     * describe: {@code layers[].window.clause}, {@code status: value CANCELLED not in the enum}. Empty when described.
     */
    public List<String> undescribed(String name, String json) {
        Object answer = new Yaml(new LoaderOptions()).load(json); // JSON is YAML; nothing here but maps, lists, scalars
        Set<String> found = new TreeSet<>();
        walk(schema(name), answer, "", found);
        return new ArrayList<>(found);
    }

    /** The schema {@code name}; fails when the description has none by that name. */
    public Map<String, Object> schema(String name) {
        Map<String, Object> schemas = map(map(doc.get("components")).get("schemas"));
        Object schema = schemas.get(name);
        if (schema == null) {
            throw new IllegalArgumentException("openapi.yaml has no schema " + name);
        }
        return map(schema);
    }

    private void walk(Map<String, Object> schema, Object value, String path, Set<String> found) {
        Map<String, Object> s = resolve(schema);
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> object) {
            Map<String, Map<String, Object>> properties = properties(s);
            Object additional = s.get("additionalProperties");
            if (properties.isEmpty() && !(additional instanceof Map<?, ?>)) {
                found.add((path.isEmpty() ? "(root)" : path) + ": an object whose schema describes no member");
                return;
            }
            object.forEach((key, member) -> {
                String at = path.isEmpty() ? String.valueOf(key) : path + "." + key;
                Map<String, Object> described = properties.get(String.valueOf(key));
                if (described != null) {
                    walk(described, member, at, found);
                } else if (additional instanceof Map<?, ?> additionalSchema) {
                    walk(map(additionalSchema), member, at, found);
                } else {
                    found.add(at);
                }
            });
        } else if (value instanceof List<?> list) {
            Object items = s.get("items");
            for (Object element : list) {
                if (items instanceof Map<?, ?> itemSchema) {
                    walk(map(itemSchema), element, path + "[]", found);
                } else {
                    found.add(path + "[]: an array whose schema describes no items");
                }
            }
        } else {
            List<?> values = enumOf(s);
            if (values != null && !values.contains(value) && !values.contains(String.valueOf(value))) {
                found.add(path + ": value " + value + " not in the enum");
            }
        }
    }

    /** Its own members and those of every {@code allOf}/{@code oneOf}/{@code anyOf} part (an answer may be any part). */
    private Map<String, Map<String, Object>> properties(Map<String, Object> s) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        Object own = s.get("properties");
        if (own instanceof Map<?, ?> m) {
            m.forEach((k, v) -> all.put(String.valueOf(k), map(v)));
        }
        for (String combiner : List.of("allOf", "oneOf", "anyOf")) {
            if (s.get(combiner) instanceof List<?> parts) {
                parts.forEach(part -> properties(resolve(map(part))).forEach(all::putIfAbsent));
            }
        }
        return all;
    }

    private List<?> enumOf(Map<String, Object> s) {
        if (s.get("enum") instanceof List<?> values) {
            return values;
        }
        return null;
    }

    private Map<String, Object> resolve(Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String prefix = "#/components/schemas/";
        if (!ref.toString().startsWith(prefix)) {
            throw new IllegalArgumentException("unsupported $ref " + ref);
        }
        return resolve(schema(ref.toString().substring(prefix.length())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }
}
