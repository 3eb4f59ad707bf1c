package org.onestop.messaging.dependency;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.cloud.stream.binder.kafka.support.ConsumerConfigCustomizer;

/**
 * Every binding's consumers: the short session of {@link DependencyDeadlines#consumerProperties()} and, when the
 * replica has an instance id ({@code onestop.messaging.instance-id}, from {@code ONESTOP_INSTANCE_ID}, e.g.
 * {@code settlement-service-1}), static group membership: {@code group.instance.id = <instance id>-<binding>}. Spring
 * Kafka appends each consumer's {@code -<n>} to it (a concurrent container's child n; {@code -0} with concurrency 1),
 * so every consumer of every binding of every replica has its own id while the group id stays the service name.
 *
 * <p>Why: a member that restarts under the same id takes its partitions straight back, without a rebalance, and a
 * member that died is replaced after {@link DependencyDeadlines#sessionTimeout()} instead of Kafka's 45 s. Without an
 * instance id (a test, or two replicas that cannot be told apart) membership stays dynamic: two processes claiming
 * one instance id would fence each other ({@code FencedInstanceIdException}), which is worse than a rebalance.
 */
public final class StaticMembership implements ConsumerConfigCustomizer {

    /** Kafka allows letters, digits, '.', '_' and '-' in a group instance id (at most 249 characters). */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final DependencyDeadlines deadlines;
    private final String instanceId;

    /** {@code instanceId} null or blank: dynamic membership (only the shorter session applies). */
    public StaticMembership(DependencyDeadlines deadlines, String instanceId) {
        this.deadlines = deadlines;
        this.instanceId = instanceId == null || instanceId.isBlank() ? null : instanceId.trim();
        if (this.instanceId != null && !VALID.matcher(this.instanceId).matches()) {
            throw new IllegalStateException("onestop.messaging.instance-id may hold letters, digits, '.', '_' and '-' only, was '"
                    + this.instanceId + "'");
        }
    }

    @Override
    public void configure(Map<String, Object> consumerProperties, String bindingName, String destination) {
        deadlines.consumerProperties().forEach(consumerProperties::putIfAbsent);
        String id = groupInstanceId(bindingName);
        if (id != null) {
            consumerProperties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
        }
    }

    /** {@code <instance id>-<binding>}, or null without an instance id. */
    public String groupInstanceId(String bindingName) {
        return instanceId == null ? null : instanceId + "-" + bindingName;
    }
}
