package org.onestop.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The documents of infra/k8s: the base read file by file as its kustomization lists them (no tool needed), and an
 * overlay rendered by {@code kubectl kustomize} where kubectl is installed (it is not a Debian package, so the
 * overlays' checks are skipped, and say so, on a machine without it).
 */
final class Manifests {

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("infra/k8s");
    /**
     * Where the services' modules (their application.yml) are read from: this checkout, or with
     * {@code -Donestop.deploy.services=<dir>} another tree, e.g. the application.yml files of branches not yet merged.
     */
    static final Path SERVICES = Optional.ofNullable(System.getProperty("onestop.deploy.services")).map(Path::of)
            .orElse(ROOT);

    private Manifests() {
    }

    /** Every document of the base, in the order its kustomization.yaml lists the files. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> base() {
        Map<String, Object> kustomization = yaml(K8S.resolve("base/kustomization.yaml")).get(0);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String resource : (List<String>) kustomization.get("resources")) {
            documents.addAll(yaml(K8S.resolve("base").resolve(resource)));
        }
        return documents;
    }

    /** The overlay as {@code kubectl kustomize} renders it, or empty when kubectl is not installed. */
    static Optional<List<Map<String, Object>>> rendered(String overlay) {
        Path dir = K8S.resolve("overlays").resolve(overlay);
        ProcessBuilder builder = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException noKubectl) {
            return Optional.empty();
        }
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + text);
            }
            return Optional.of(parse(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, Object>> yaml(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static String kind(Map<String, Object> document) {
        return (String) document.get("kind");
    }

    @SuppressWarnings("unchecked")
    static String name(Map<String, Object> document) {
        return (String) ((Map<String, Object>) document.get("metadata")).get("name");
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
        return documents.stream().filter(document -> kind.equals(kind(document))).toList();
    }

    /** Follows a path of map keys; null when any step is missing. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return (T) current;
    }

    /** name → value, or name → the secretKeyRef map for a variable taken from a Secret. */
    static Map<String, Object> envValues(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = at(deployment, "spec", "template", "spec", "containers");
        List<Map<String, Object>> env = at(containers.get(0), "env");
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map<String, Object> variable : env) {
            Object value = variable.containsKey("value") ? variable.get("value")
                    : at(variable, "valueFrom", "secretKeyRef");
            values.put((String) variable.get("name"), value);
        }
        return values;
    }

    static Set<String> envNames(Map<String, Object> deployment) {
        Set<String> names = new LinkedHashSet<>();
        List<Map<String, Object>> containers = at(deployment, "spec", "template", "spec", "containers");
        for (Map<String, Object> container : containers) {
            List<Map<String, Object>> env = at(container, "env");
            env.forEach(variable -> names.add((String) variable.get("name")));
        }
        return names;
    }

    static String applicationYml(String module) {
        try {
            return Files.readString(Manifests.SERVICES.resolve(module).resolve("src/main/resources/application.yml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/k8s/base/kustomization.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("infra/k8s not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
