package org.onestop.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Validates a document against the Java model of its kind: fabric8's for Kubernetes and the Prometheus Operator,
 * Strimzi's own api for Strimzi. Both models keep fields they do not know in {@code additionalProperties} instead of
 * failing, so after binding, every object in the graph must have none: a misspelt or misplaced field is an error, as
 * the API server's structural schema would make it. Enum fields fail on an unknown value while binding.
 *
 * <p>CloudNativePG and its Barman Cloud plugin publish no Java model: their documents are checked structurally by the
 * test (the fields the suite relies on), not against the CRD schema.
 */
final class ModelValidation {

    /** apiVersion/kind → model class. A kind missing here is a test failure, so nothing goes unvalidated silently. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    /** Validated structurally by the test (no Java model published). */
    static final Set<String> STRUCTURAL = Set.of("postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/Database",
            "postgresql.cnpg.io/v1/ScheduledBackup", "barmancloud.cnpg.io/v1/ObjectStore");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /**
     * Writes every property back, whatever the model's {@code @JsonInclude} says: a default value (Strimzi leaves out
     * {@code patternType: literal}) is then written, and only a value that bound to nothing comes back null.
     */
    private static final ObjectMapper WRITE_ALL = new ObjectMapper()
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public JsonInclude.Value findPropertyInclusion(Annotated annotated) {
                    return JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
                }
            });

    private ModelValidation() {
    }

    static String type(Map<String, Object> document) {
        return document.get("apiVersion") + "/" + document.get("kind");
    }

    /** The problems of one document: empty when it binds to its model with no unknown field anywhere. */
    static List<String> problems(Map<String, Object> document) {
        String type = type(document);
        String where = type + " " + Manifests.name(document);
        if (STRUCTURAL.contains(type)) {
            return List.of();
        }
        Class<?> model = MODELS.get(type);
        if (model == null) {
            return List.of(where + ": no model for this apiVersion/kind (add one, or it goes unvalidated)");
        }
        Object bound;
        try {
            bound = MAPPER.convertValue(document, model);
        } catch (IllegalArgumentException e) {
            return List.of(where + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        unknownFields(bound, where, problems, new IdentityHashMap<>());
        // An enum value the model does not know binds to null instead of failing: written back, it is missing.
        lost(document, WRITE_ALL.convertValue(bound, Map.class), where, problems);
        if (bound instanceof HasMetadata resource && resource.getMetadata().getName() == null) {
            problems.add(where + ": no metadata.name");
        }
        return problems;
    }

    private static void lost(Object input, Object output, String path, List<String> problems) {
        if (input instanceof Map<?, ?> in) {
            Map<?, ?> out = output instanceof Map<?, ?> map ? map : Map.of();
            in.forEach((key, value) -> {
                Object written = out.get(key);
                if (written == null && value != null && !isEmpty(value)) {
                    problems.add(path + "." + key + ": value " + value + " is not one the schema allows");
                } else {
                    lost(value, written, path + "." + key, problems);
                }
            });
        } else if (input instanceof List<?> in && output instanceof List<?> out) {
            for (int i = 0; i < in.size(); i++) {
                Object written = i < out.size() ? out.get(i) : null;
                if (written == null && in.get(i) != null) {
                    problems.add(path + "[" + i + "]: value " + in.get(i) + " is not one the schema allows");
                } else {
                    lost(in.get(i), written, path + "[" + i + "]", problems);
                }
            }
        }
    }

    private static boolean isEmpty(Object value) {
        return value instanceof Map<?, ?> map && map.isEmpty()
                || value instanceof Collection<?> items && items.isEmpty();
    }

    private static void unknownFields(Object node, String path, List<String> problems,
            IdentityHashMap<Object, Boolean> seen) {
        if (node == null || node instanceof String || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?> || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> unknownFields(value, path + "." + key, problems, seen));
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": fields the schema does not have: " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + getter.getName().replaceFirst("^(get|is)", ""), problems, seen);
            }
        }
    }
}
