package org.onestop.messaging.dependency;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * {@code onestop.messaging.deadlines.*}: how long a service waits for PostgreSQL or Kafka before it gives up and says
 * so (a {@code 503 dependency-unavailable} problem, readiness DOWN). A service enables it explicitly
 * ({@code @EnableConfigurationProperties(DependencyDeadlines.class)}); the pool's acquire deadline is Boot's own
 * {@code spring.r2dbc.pool.max-acquire-time}, set beside it in each application.yml.
 *
 * @param request          an HTTP request touching a dependency is answered within this, or with a 503 problem; kept
 *                         under the gateway's route timeout (10 s) so a partner gets the retryable 503, not a 504
 * @param longRequest      the deadline of the paths in {@code longRequestPaths} (bulk uploads, exports)
 * @param longRequestPaths path patterns ({@code PathPattern} syntax) whose work legitimately runs for minutes
 * @param retryAfter       the {@code Retry-After} a 503 names: about how long a stall is worth waiting out
 * @param probeInterval    how often the readiness probes ask PostgreSQL and Kafka (off the request thread)
 * @param probeTimeout     one probe's deadline; a probe that misses it counts as DOWN
 * @param kafkaBlock       producer {@code max.block.ms}: {@code send()} never blocks a thread longer (metadata, buffer)
 * @param kafkaRequest     producer and consumer {@code request.timeout.ms}
 * @param kafkaDelivery    producer {@code delivery.timeout.ms}: a record not acknowledged by then fails its future
 * @param sessionTimeout   consumer {@code session.timeout.ms}: a killed replica's partitions move after this (Kafka's
 *                         default, 45 s, was the ~45 s gap issue 12 measured); at least the broker's 6 s minimum
 * @param heartbeat        consumer {@code heartbeat.interval.ms}, a third of the session or less
 */
@ConfigurationProperties("onestop.messaging.deadlines")
public record DependencyDeadlines(@DefaultValue("5s") Duration request, @DefaultValue("300s") Duration longRequest,
        @DefaultValue List<String> longRequestPaths, @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("1s") Duration probeInterval, @DefaultValue("2s") Duration probeTimeout,
        @DefaultValue("5s") Duration kafkaBlock, @DefaultValue("4s") Duration kafkaRequest,
        @DefaultValue("10s") Duration kafkaDelivery, @DefaultValue("10s") Duration sessionTimeout,
        @DefaultValue("3s") Duration heartbeat) {

    public DependencyDeadlines {
        longRequestPaths = longRequestPaths == null ? List.of() : List.copyOf(longRequestPaths);
        if (request.isZero() || request.isNegative() || probeTimeout.isZero() || probeInterval.isZero()) {
            throw new IllegalStateException("onestop.messaging.deadlines: request, probe-interval and probe-timeout must be positive");
        }
        if (sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0) {
            throw new IllegalStateException("onestop.messaging.deadlines.session-timeout must be at least 6s "
                    + "(the broker's group.min.session.timeout.ms)");
        }
        if (heartbeat.multipliedBy(3).compareTo(sessionTimeout) > 0) {
            throw new IllegalStateException("onestop.messaging.deadlines.heartbeat must be at most a third of session-timeout");
        }
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms at producer creation; say it at start-up
        if (kafkaDelivery.compareTo(kafkaRequest) <= 0) {
            throw new IllegalStateException("onestop.messaging.deadlines.kafka-delivery must exceed kafka-request");
        }
    }

    /** The defaults, for code that builds one without Spring's binder (tests, tools). */
    public static DependencyDeadlines defaults() {
        return new DependencyDeadlines(Duration.ofSeconds(5), Duration.ofSeconds(300), List.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(4),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(3));
    }

    /** The {@code Retry-After} header value: whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** Producer settings that bound every send: blocking, one request, the whole delivery. */
    public Map<String, Object> producerProperties() {
        return Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafkaBlock.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafkaRequest.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) kafkaDelivery.toMillis());
    }

    /** Consumer settings: a short session (fast hand-over of a dead member's partitions), bounded requests. */
    public Map<String, Object> consumerProperties() {
        return Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) heartbeat.toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafkaRequest.toMillis());
    }

    /**
     * Adds {@link #producerProperties()} to Boot's producer factory (the one behind the outbox relay's and the dead
     * letters' {@code KafkaTemplate}); wire it as a {@code DefaultKafkaProducerFactoryCustomizer}: {@code d::applyTo}.
     */
    public void applyTo(DefaultKafkaProducerFactory<?, ?> factory) {
        factory.updateConfigs(producerProperties());
    }
}
