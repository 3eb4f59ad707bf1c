package org.onestop.messaging.operations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.onestop.messaging.dependency.DependencyProbes;
import org.onestop.messaging.operations.OperationsStatus.Binding;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The operator status of a service ({@code GET /api/v1/<onestop.messaging.operations.api>/operations/status}), wired by
 * {@code @Import(OperationsStatusConfiguration.class)} beside {@code DependencyChecks}. It reads the service's consumer
 * bindings (those with a group) from Spring Cloud Stream's properties, talks to Kafka with the service's own client
 * properties and principal, and counts the outbox in the service's own database. Who may call it is decided by
 * {@code trust}'s filter chain (operators only), not here.
 *
 * <p>Properties: {@code onestop.messaging.operations.api} (the path segment: {@code identity}, {@code settlement},
 * {@code enrollment}, {@code monitoring}), {@code .deadline} (each broker or database call, 3 s), {@code .latest}
 * (newest dead letters shown per topic, 5).
 */
@Configuration(proxyBeanMethods = false)
@Import(OperationsStatusController.class)
public class OperationsStatusConfiguration {

    @Bean(destroyMethod = "close")
    OperationsStatus operationsStatus(@Value("${spring.application.name}") String service,
            @Value("${onestop.messaging.instance-id:}") String instanceId,
            @Value("${onestop.messaging.operations.deadline:3s}") Duration deadline,
            @Value("${onestop.messaging.operations.latest:5}") int latest,
            ObjectProvider<BindingServiceProperties> bindings, KafkaAdmin kafka, ObjectProvider<DatabaseClient> db,
            ObjectProvider<DependencyProbes> probes) {
        DependencyProbes p = probes.getIfAvailable();
        List<String> checks = p == null ? List.of() : List.of("database", "broker");
        return new OperationsStatus(service, instanceId.isBlank() ? hostName() : instanceId.trim(),
                consumerBindings(bindings.getIfAvailable()), kafka.getConfigurationProperties(), db.getIfAvailable(),
                checks, name -> p.health(name).getStatus().getCode(), deadline, latest);
    }

    /** The bindings with a consumer group, each topic of a comma-separated destination on its own. */
    static List<Binding> consumerBindings(BindingServiceProperties properties) {
        List<Binding> bindings = new ArrayList<>();
        if (properties == null) {
            return bindings;
        }
        properties.getBindings().forEach((name, b) -> {
            if (b.getGroup() != null && !b.getGroup().isBlank() && b.getDestination() != null) {
                for (String topic : b.getDestination().split(",")) {
                    if (!topic.isBlank()) {
                        bindings.add(new Binding(name, b.getGroup(), topic.trim()));
                    }
                }
            }
        });
        bindings.sort((a, c) -> (a.name() + a.topic()).compareTo(c.name() + c.topic()));
        return bindings;
    }

    /** Without {@code ONESTOP_INSTANCE_ID} (a test, a one-off run) the host's name stands for the replica. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
