package org.onestop.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.onestop.deploy.Manifests.applicationYml;
import static org.onestop.deploy.Manifests.at;
import static org.onestop.deploy.Manifests.envNames;
import static org.onestop.deploy.Manifests.name;
import static org.onestop.deploy.Manifests.ofKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * infra/k8s against what it deploys (issue 13, docs/deploy.md): the models of Kubernetes, Strimzi and the Prometheus
 * Operator; the environment each service reads; the images the build makes; the secrets it needs; the topics and
 * rules the suite already has.
 */
class K8sManifestsTest {

    private static final List<Map<String, Object>> BASE = Manifests.base();

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    /**
     * Environment variables that Spring Boot itself reads (relaxed binding of the property beside it) rather than a
     * placeholder in application.yml: the manifests may set these too, and no others.
     */
    private static final Map<String, String> BOOT_PROPERTIES = Map.of(
            "SPRING_CONFIG_ADDITIONALLOCATION", "spring.config.additional-location");

    @Test
    @DisplayName("every document of the base binds to its Kubernetes, Strimzi or Prometheus Operator model, "
            + "with no field the schema lacks")
    void baseValidatesAgainstTheModels() {
        List<String> problems = BASE.stream().flatMap(document -> ModelValidation.problems(document).stream()).toList();
        assertThat(problems).isEmpty();
        assertThat(BASE).extracting(ModelValidation::type).contains("apps/v1/Deployment",
                "kafka.strimzi.io/v1/KafkaUser",
                "monitoring.coreos.com/v1/PrometheusRule", "postgresql.cnpg.io/v1/Cluster");
    }

    @Test
    @DisplayName("the validator refuses a misspelt field and an unknown enum value (it can fail)")
    void validatorRefusesWhatTheSchemaLacks() {
        Map<String, Object> topic = Manifests.parse("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3, replica: 3}
                """).get(0);
        Map<String, Object> user = Manifests.parse("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: u}
                spec:
                  authorization:
                    type: simple
                    acls: [{resource: {type: topic, name: t, patternType: literal}, operations: [Scribble]}]
                """).get(0);
        Map<String, Object> deployment = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec: {template: {spec: {containers: [{name: c, image: i, readOnlyRootFileSystem: true}]}}}
                """).get(0);
        assertThat(ModelValidation.problems(topic)).singleElement().asString().contains("replica");
        assertThat(ModelValidation.problems(user)).isNotEmpty();
        assertThat(ModelValidation.problems(deployment)).singleElement().asString().contains("readOnlyRootFileSystem");
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-node", "province"})
    @DisplayName("each overlay renders with kustomize and validates like the base")
    void overlayRendersAndValidates(String overlay) {
        Optional<List<Map<String, Object>>> rendered = Manifests.rendered(overlay);
        assumeTrue(rendered.isPresent(), "kubectl is not installed: overlay " + overlay + " not rendered here");
        List<Map<String, Object>> documents = rendered.get();
        assertThat(documents.stream().flatMap(document -> ModelValidation.problems(document).stream()).toList())
                .isEmpty();
        // the base's documents and one ConfigMap per configMapGenerator entry
        Map<String, Object> kustomization = Manifests.yaml(Manifests.K8S.resolve("base/kustomization.yaml")).get(0);
        List<?> generated = at(kustomization, "configMapGenerator");
        assertThat(documents).hasSize(BASE.size() + generated.size());
        int replicas = overlay.equals("province") ? 3 : 1;
        // the console too: its sessions live in a sealed cookie any replica opens (docs/console.md "Replicas")
        assertThat(ofKind(documents, "Deployment"))
                .allSatisfy(d -> assertThat((Integer) at(d, "spec", "replicas")).isEqualTo(replicas));
        assertThat(ofKind(documents, "KafkaTopic"))
                .allSatisfy(t -> assertThat((Integer) at(t, "spec", "replicas")).isEqualTo(replicas));
        assertThat(documents).allSatisfy(d -> assertThat((String) at(d, "metadata", "namespace")).isEqualTo("onestop"));
    }

    @Test
    @DisplayName("the base runs two of each service, and each Kafka consumer joins its group as a static member named "
            + "after its pod (issue 12: a killed pod's partitions move in seconds)")
    void servicesRunTwiceAndConsumersAreStaticMembersNamedAfterThePod() {
        assertThat(backends(BASE)).allSatisfy(d -> assertThat((Integer) at(d, "spec", "replicas")).isEqualTo(2));
        for (String consumer : List.of("settlement-service", "enrollment-service", "monitoring-service")) {
            Map<String, Object> deployment = ofKind(BASE, "Deployment").stream()
                    .filter(d -> consumer.equals(at(d, "metadata", "name"))).findFirst().orElseThrow();
            List<Map<String, Object>> containers = at(deployment, "spec", "template", "spec", "containers");
            List<Map<String, Object>> env = at(containers.get(0), "env");
            assertThat(env).as(consumer).anySatisfy(variable -> {
                assertThat(variable.get("name")).isEqualTo("ONESTOP_INSTANCE_ID");
                assertThat((String) at(variable, "valueFrom", "fieldRef", "fieldPath")).isEqualTo("metadata.name");
            });
        }
    }

    @Test
    @DisplayName("every environment variable a Deployment sets is one its service reads "
            + "(a ${NAME} in its application.yml, or Boot's own)")
    void everyEnvironmentVariableIsReadByTheService() {
        BOOT_PROPERTIES.forEach((env, property) ->
                // Spring's relaxed binding of an environment variable: upper case, '.' → '_', '-' removed
                assertThat(property.toUpperCase().replace('.', '_').replace("-", "")).isEqualTo(env));
        assertThat(unreadVariables(ofKind(BASE, "Deployment")))
                .as("set by a manifest, read by no placeholder of the service").isEmpty();
    }

    @Test
    @DisplayName("the environment check reports a variable the service does not read")
    void environmentCheckReportsAnUnreadVariable() {
        Map<String, Object> deployment = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: gateway}
                spec:
                  template:
                    spec:
                      containers:
                        - name: gateway
                          image: onestop/gateway:0.1.0-SNAPSHOT
                          env: [{name: GATEWAY_R2DBC_URL, value: x}, {name: ONESTOP_GATEWAY_SECRET_TYPO, value: y}]
                """).get(0);
        assertThat(unreadVariables(List.of(deployment))).containsExactly("gateway: ONESTOP_GATEWAY_SECRET_TYPO");
    }

    @Test
    @DisplayName("every image named is onestop/<module>:<version> of a deployable module the images profile builds")
    void everyImageIsOneTheBuildMakes() throws IOException {
        String version = projectVersion();
        for (Map<String, Object> deployment : ofKind(BASE, "Deployment")) {
            List<Map<String, Object>> containers = at(deployment, "spec", "template", "spec", "containers");
            for (Map<String, Object> container : containers) {
                String image = (String) container.get("image");
                Matcher m = Pattern.compile("onestop/([a-z-]+):(.+)").matcher(image);
                assertThat(m.matches()).as(image).isTrue();
                Path module = Manifests.ROOT.resolve(m.group(1));
                assertThat(module.resolve("src/main/resources/application.yml")).as("deployable module of " + image)
                        .exists();
                assertThat(Files.readString(module.resolve("pom.xml")))
                        .contains("<artifactId>" + m.group(1) + "</artifactId>");
                assertThat(m.group(2)).isEqualTo(version);
            }
        }
    }

    @Test
    @DisplayName("every Secret referenced is made by the manifests (Strimzi's KafkaUser secrets) "
            + "or listed in docs/deploy.md as provided")
    void everySecretIsDefinedOrDocumented() throws IOException {
        Set<String> made = ofKind(BASE, "KafkaUser").stream().map(Manifests::name).collect(Collectors.toSet());
        String guide = Files.readString(Manifests.ROOT.resolve("docs/deploy.md"));
        Set<String> referenced = secretReferences();
        assertThat(referenced)
                .contains("onestop-person-ref", "onestop-gateway-keys", "onestop-db-settlement", "settlement-service");
        List<String> unaccounted = referenced.stream()
                .filter(secret -> !made.contains(secret) && !guide.contains("`" + secret + "`")).toList();
        assertThat(unaccounted).isEmpty();
        assertThat(ofKind(BASE, "Secret")).as("no secret value in a manifest").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("each Deployment: non-root, read-only root with a writable /tmp, probes on the liveness and "
            + "readiness groups, a memory limit, a PDB and an HPA")
    void deploymentsAreHardenedProbedAndBudgeted() {
        Set<String> pdbs = ofKind(BASE, "PodDisruptionBudget").stream().map(Manifests::name)
                .collect(Collectors.toSet());
        Set<String> hpas = ofKind(BASE, "HorizontalPodAutoscaler").stream().map(Manifests::name)
                .collect(Collectors.toSet());
        List<Map<String, Object>> deployments = ofKind(BASE, "Deployment");
        assertThat(deployments.stream().map(Manifests::name).toList()).containsExactlyInAnyOrder(
                "gateway", "identity-service", "settlement-service", "enrollment-service", "monitoring-service", "console");
        for (Map<String, Object> d : deployments) {
            Map<String, Object> pod = at(d, "spec", "template", "spec");
            Map<String, Object> c = ((List<Map<String, Object>>) at(pod, "containers")).get(0);
            assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
            assertThat((Boolean) at(c, "securityContext", "readOnlyRootFilesystem")).isTrue();
            assertThat((List<Map<String, Object>>) c.get("volumeMounts")).extracting(m -> m.get("mountPath"))
                    .contains("/tmp");
            assertThat((String) at(c, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat((String) at(c, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat((Object) at(c, "resources", "limits", "memory")).isNotNull();
            assertThat(pdbs).contains(name(d));
            assertThat(hpas).contains(name(d));
        }
    }

    /** The suite's services and the gateway: every Deployment but the console, a client of the gateway (docs/console.md). */
    static List<Map<String, Object>> backends(List<Map<String, Object>> documents) {
        return ofKind(documents, "Deployment").stream().filter(d -> !name(d).equals("console")).toList();
    }

    @Test
    @DisplayName("the console runs twice like every service, with no database, broker or person-reference secret: "
            + "only its session key, the same for every pod, and its peers through a headless Service")
    void theConsoleRunsTwiceSharingOnlyItsSessionKey() {
        Map<String, Object> console = ofKind(BASE, "Deployment").stream().filter(d -> name(d).equals("console"))
                .findFirst().orElseThrow();
        assertThat((Integer) at(console, "spec", "replicas")).isEqualTo(2);
        assertThat(envNames(console)).contains("ONESTOP_CONSOLE_GATEWAY_URI", "ONESTOP_CONSOLE_SESSION_KEY",
                        "ONESTOP_CONSOLE_PEERS", "ONESTOP_INSTANCE_ID")
                .noneMatch(n -> n.startsWith("ONESTOP_DB_") || n.startsWith("ONESTOP_KAFKA_") || n.contains("SECRET"));
        List<Map<String, Object>> containers = at(console, "spec", "template", "spec", "containers");
        List<Map<String, Object>> env = at(containers.get(0), "env");
        assertThat(env).filteredOn(v -> String.valueOf(v.get("name")).startsWith("ONESTOP_CONSOLE_SESSION_"))
                .extracting(v -> (String) at(v, "valueFrom", "secretKeyRef", "name"))
                .containsExactly("onestop-console-session", "onestop-console-session");
        Map<String, Object> peers = ofKind(BASE, "Service").stream().filter(s -> name(s).equals("console-peers"))
                .findFirst().orElseThrow();
        assertThat((String) at(peers, "spec", "clusterIP")).isEqualTo("None");
        assertThat((Boolean) at(peers, "spec", "publishNotReadyAddresses")).isTrue();
        assertThat(ofKind(BASE, "HorizontalPodAutoscaler")).filteredOn(h -> name(h).equals("console"))
                .singleElement().satisfies(h -> assertThat((Integer) at(h, "spec", "minReplicas")).isEqualTo(2));
    }

    private static List<String> unreadVariables(List<Map<String, Object>> deployments) {
        List<String> unread = new ArrayList<>();
        for (Map<String, Object> deployment : deployments) {
            Set<String> read = placeholders(applicationYml(name(deployment)));
            read.addAll(BOOT_PROPERTIES.keySet());
            envNames(deployment).stream().filter(variable -> !read.contains(variable))
                    .forEach(variable -> unread.add(name(deployment) + ": " + variable));
        }
        return unread;
    }

    private static Set<String> secretReferences() {
        Set<String> secrets = new TreeSet<>();
        collectSecrets(BASE, secrets);
        return secrets;
    }

    /** secretKeyRef.name, volumes' secret.secretName, Ingress tls secretName, CNPG passwordSecret and s3Credentials. */
    private static void collectSecrets(Object node, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Object key = entry.getKey();
                Object value = entry.getValue();
                if ((key.equals("secretKeyRef") || key.equals("passwordSecret") || key.equals("accessKeyId")
                        || key.equals("secretAccessKey")) && value instanceof Map<?, ?> ref) {
                    into.add((String) ref.get("name"));
                } else if (key.equals("secretName") && value instanceof String name) {
                    into.add(name);
                }
                collectSecrets(value, into);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectSecrets(item, into));
        }
    }

    private static Set<String> placeholders(String yml) {
        Set<String> names = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(yml);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String projectVersion() throws IOException {
        String pom = Files.readString(Manifests.ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>onestop-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
