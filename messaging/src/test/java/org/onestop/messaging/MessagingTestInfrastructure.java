package org.onestop.messaging;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.onestop.infra.embedded.KafkaAccess;
import org.onestop.infra.embedded.TestInfrastructure;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The one place this module's integration tests get the JVM's broker and PostgreSQL (from {@link TestInfrastructure}):
 * bootstrap servers, client properties and database credentials. The test broker authenticates every client and
 * authorizes by ACL, so these tests act as one service ({@link #PRINCIPAL}) on private topics that only it may write and
 * read; each database is reached as its own role.
 */
public final class MessagingTestInfrastructure {

    /** The principal these tests act as: any service would do; its consumer groups begin with its name. */
    public static final String PRINCIPAL = KafkaAccess.ENROLLMENT;

    /** A consumer group this principal may use. */
    public static final String GROUP = PRINCIPAL + "-messaging-test";

    private MessagingTestInfrastructure() {
    }

    /** Properties every Kafka client of these tests starts from (bootstrap servers, and any authentication). */
    public static Map<String, Object> kafkaClientProperties() {
        return new HashMap<>(TestInfrastructure.kafkaClientProperties(PRINCIPAL));
    }

    /** A template as a service's relay gets it: idempotent producer, acks=all. */
    public static KafkaTemplate<String, byte[]> relayTemplate() {
        Map<String, Object> props = kafkaClientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
    }

    /** A template with byte-array key and value, as dead letters are sent. */
    public static KafkaTemplate<byte[], byte[]> bytesTemplate() {
        Map<String, Object> props = kafkaClientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(props));
    }

    /** A consumer that reads from the beginning, committing nothing. */
    public static KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = kafkaClientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props);
    }

    /** A private topic (the broker's partition count) that only {@link #PRINCIPAL} writes and reads. */
    public static void createTopic(String name) {
        TestInfrastructure.privateTopic(name, PRINCIPAL, PRINCIPAL);
    }

    /** A fresh database {@code name} with this module's migrations applied, as a service's Flyway would. */
    public static DatabaseClient migratedDatabase(String name) {
        Flyway.configure()
                .dataSource(TestInfrastructure.jdbcUrl(name), TestInfrastructure.username(name),
                        TestInfrastructure.password(name))
                .locations("classpath:db/messaging")
                .load().migrate();
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(TestInfrastructure.r2dbcUrl(name)).mutate()
                .option(ConnectionFactoryOptions.USER, TestInfrastructure.username(name))
                .option(ConnectionFactoryOptions.PASSWORD, TestInfrastructure.password(name))
                .build();
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
                .maxSize(8).maxIdleTime(Duration.ofMinutes(5)).build());
        return DatabaseClient.create(pool);
    }
}
