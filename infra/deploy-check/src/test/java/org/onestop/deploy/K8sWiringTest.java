package org.onestop.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.deploy.Manifests.applicationYml;
import static org.onestop.deploy.Manifests.at;
import static org.onestop.deploy.Manifests.envValues;
import static org.onestop.deploy.Manifests.name;
import static org.onestop.deploy.Manifests.ofKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.onestop.events.Topic;
import org.onestop.events.Topics;

/**
 * The base's pieces agree with each other and with the suite (issue 13): topics with the events registry and the
 * services' bindings, Kafka users with the one-writer rule, database roles with the Deployments, network policies with
 * the container ports, the PrometheusRule with the rules file.
 */
class K8sWiringTest {

    private static final List<Map<String, Object>> BASE = Manifests.base();

    @Test
    @DisplayName("every event topic and every dead-letter topic a service's bindings imply is a KafkaTopic "
            + "with replication 3")
    void topicsAreDeclaredWithReplicationThree() {
        Map<String, Map<String, Object>> topics = ofKind(BASE, "KafkaTopic").stream()
                .collect(Collectors.toMap(Manifests::name, t -> t));
        Set<String> expected = new TreeSet<>();
        for (Topic<?, ?> topic : Topics.ALL) {
            expected.add(topic.name());
        }
        for (String service : List.of("settlement-service", "enrollment-service", "monitoring-service")) {
            Map<String, Object> yml = Manifests.parse(applicationYml(service)).get(0);
            Map<String, Map<String, Object>> bindings = at(yml, "spring", "cloud", "stream", "bindings");
            for (Map<String, Object> binding : bindings.values()) {
                String group = String.valueOf(binding.get("group"));
                if (group.startsWith("${")) { // ${onestop.monitoring.group}
                    group = service;
                }
                expected.add(Topics.deadLetter((String) binding.get("destination"), group));
            }
        }
        assertThat(topics.keySet()).containsAll(expected);
        assertThat(topics.values()).allSatisfy(t -> assertThat((Integer) at(t, "spec", "replicas")).isEqualTo(3));
    }

    @Test
    @DisplayName("each event topic has exactly one KafkaUser allowed to write it")
    void eachTopicHasOneWriter() {
        for (Topic<?, ?> topic : Topics.ALL) {
            List<String> writers = new ArrayList<>();
            for (Map<String, Object> user : ofKind(BASE, "KafkaUser")) {
                List<Map<String, Object>> acls = at(user, "spec", "authorization", "acls");
                boolean writes = acls.stream().anyMatch(acl -> topic.name().equals(at(acl, "resource", "name"))
                        && "literal".equals(at(acl, "resource", "patternType"))
                        && ((List<?>) acl.get("operations")).contains("Write"));
                if (writes) {
                    writers.add(name(user));
                }
            }
            assertThat(writers).as(topic.name()).hasSize(1);
        }
    }

    @Test
    @DisplayName("CloudNativePG (structurally, no Java model exists): each service's role is a managed login role "
            + "with its password Secret and owns the database its JDBC URL names; the backups point at the cluster")
    void eachServiceOwnsItsDatabaseInTheCluster() {
        Map<String, Object> cluster = ofKind(BASE, "Cluster").get(0);
        String clusterName = name(cluster);
        assertThat((Integer) at(cluster, "spec", "instances")).isGreaterThanOrEqualTo(1);
        assertThat((String) at(cluster, "spec", "storage", "size")).isNotBlank();
        List<Map<String, Object>> roles = at(cluster, "spec", "managed", "roles");
        Map<String, Map<String, Object>> roleByName = roles.stream()
                .collect(Collectors.toMap(r -> (String) r.get("name"), r -> r));
        Map<String, String> ownerByDatabase = ofKind(BASE, "Database").stream()
                .peek(db -> assertThat((String) at(db, "spec", "cluster", "name")).isEqualTo(clusterName))
                .collect(Collectors.toMap(db -> (String) at(db, "spec", "name"),
                        db -> (String) at(db, "spec", "owner")));
        for (Map<String, Object> deployment : K8sManifestsTest.backends(BASE)) {
            Map<String, Object> env = envValues(deployment);
            String role = (String) env.get("ONESTOP_DB_USER");
            String jdbc = env.entrySet().stream().filter(e -> e.getKey().endsWith("_JDBC_URL"))
                    .map(e -> (String) e.getValue())
                    .findFirst().orElseThrow();
            String database = jdbc.substring(jdbc.lastIndexOf('/') + 1);
            assertThat(jdbc).startsWith("jdbc:postgresql://" + clusterName + "-rw:5432/");
            assertThat(roleByName).as(name(deployment) + "'s role").containsKey(role);
            assertThat((Boolean) roleByName.get(role).get("login")).isTrue();
            assertThat((Boolean) roleByName.get(role).get("superuser")).isFalse();
            assertThat(ownerByDatabase).as(name(deployment) + "'s database").containsEntry(database, role);
            assertThat((String) at(roleByName.get(role), "passwordSecret", "name"))
                    .isEqualTo(((Map<?, ?>) env.get("ONESTOP_DB_PASSWORD")).get("name"));
        }
        Map<String, Object> backup = ofKind(BASE, "ScheduledBackup").get(0);
        assertThat((String) at(backup, "spec", "cluster", "name")).isEqualTo(clusterName);
        Map<String, Object> store = ofKind(BASE, "ObjectStore").get(0);
        List<Map<String, Object>> plugins = at(cluster, "spec", "plugins");
        assertThat(plugins).anySatisfy(plugin ->
                assertThat((String) at(plugin, "parameters", "barmanObjectName")).isEqualTo(name(store)));
        assertThat((String) at(store, "spec", "configuration", "destinationPath")).startsWith("s3://");
    }

    @Test
    @DisplayName("the network policies open exactly the services' container ports; each service logs in to Kafka "
            + "as a declared KafkaUser with that user's Secret")
    void policiesAndPrincipalsMatchTheDeployments() {
        Map<String, Map<String, Object>> policies = ofKind(BASE, "NetworkPolicy").stream()
                .collect(Collectors.toMap(Manifests::name, p -> p));
        Set<Integer> servicePorts = new TreeSet<>();
        Set<String> users = ofKind(BASE, "KafkaUser").stream().map(Manifests::name).collect(Collectors.toSet());
        for (Map<String, Object> deployment : K8sManifestsTest.backends(BASE)) {
            List<Map<String, Object>> containers = at(deployment, "spec", "template", "spec", "containers");
            List<Map<String, Object>> ports = at(containers.get(0), "ports");
            if (!name(deployment).equals("gateway")) {
                servicePorts.add((Integer) ports.get(0).get("containerPort"));
            }
            assertThat(users).contains((String) envValues(deployment).get("ONESTOP_KAFKA_USERNAME"));
            assertThat(((Map<?, ?>) envValues(deployment).get("ONESTOP_KAFKA_PASSWORD")).get("name"))
                    .isEqualTo(envValues(deployment).get("ONESTOP_KAFKA_USERNAME"));
        }
        List<Map<String, Object>> fromGateway = at(policies.get("services"), "spec", "ingress");
        List<Map<String, Object>> toServices = at(policies.get("gateway"), "spec", "egress");
        assertThat(ports(fromGateway.get(0))).isEqualTo(servicePorts);
        assertThat(ports(toServices.get(0))).isEqualTo(servicePorts);
    }

    @Test
    @DisplayName("the PrometheusRule carries infra/prometheus/rules/onestop.yml's groups unchanged")
    void prometheusRuleIsTheRulesFile() {
        Map<String, Object> rule = ofKind(BASE, "PrometheusRule").get(0);
        Map<String, Object> file = Manifests.yaml(Manifests.ROOT.resolve("infra/prometheus/rules/onestop.yml")).get(0);
        assertThat((Object) at(rule, "spec", "groups")).isEqualTo(file.get("groups"));
    }

    @Test
    @SuppressWarnings("unchecked")
    @DisplayName("network policies: default deny of everything, the gateway reachable from the ingress namespace, "
            + "services only from the gateway")
    void networkIsDeniedByDefault() {
        Map<String, Map<String, Object>> policies = ofKind(BASE, "NetworkPolicy").stream()
                .collect(Collectors.toMap(Manifests::name, p -> p));
        Map<String, Object> deny = policies.get("default-deny");
        assertThat((Map<?, ?>) at(deny, "spec", "podSelector")).isEmpty();
        assertThat((List<String>) at(deny, "spec", "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat((Object) at(deny, "spec", "ingress")).isNull();
        List<Map<String, Object>> serviceIngress = at(policies.get("services"), "spec", "ingress");
        assertThat(serviceIngress.get(0).get("from").toString()).contains("app.kubernetes.io/name=gateway");
        List<Map<String, Object>> gatewayIngress = at(policies.get("gateway"), "spec", "ingress");
        assertThat(gatewayIngress.get(0).get("from").toString()).contains("ingress-nginx");
    }

    private static Set<Integer> ports(Map<String, Object> rule) {
        List<Map<String, Object>> ports = at(rule, "ports");
        return ports.stream().map(port -> (Integer) port.get("port")).collect(Collectors.toCollection(TreeSet::new));
    }
}
