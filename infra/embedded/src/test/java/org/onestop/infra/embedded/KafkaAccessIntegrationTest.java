package org.onestop.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The broker refuses whoever has no right: docs/security.md, "Kafka principals and ACLs". */
class KafkaAccessIntegrationTest {

    private static final String IDENTITY_CHANGED = "identity.changed.v1";

    @Test
    void aClientWithoutCredentialsCanNeitherProduceNorConsume() {
        Map<String, Object> anonymous = new HashMap<>();
        anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        anonymous.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        anonymous.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);

        try (KafkaProducer<String, String> producer = producer(anonymous)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(IDENTITY_CHANGED, "p", "forged")).get())
                    .hasCauseInstanceOf(TimeoutException.class);
        }
        anonymous.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaAccess.OPERATOR + "-anonymous");
        try (KafkaConsumer<String, String> consumer = consumer(anonymous)) {
            assertThatThrownBy(() -> consumer.partitionsFor(IDENTITY_CHANGED)).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtAuthentication() {
        Map<String, Object> config = new HashMap<>(TestInfrastructure.kafkaClientProperties(KafkaAccess.IDENTITY));
        config.put(SaslConfigs.SASL_JAAS_CONFIG, KafkaAccess.scramJaas(KafkaAccess.IDENTITY, "not-the-password"));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);

        try (KafkaProducer<String, String> producer = producer(config)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(IDENTITY_CHANGED, "p", "forged")).get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void settlementServiceCannotProduceAnIdentityChange() {
        try (KafkaProducer<String, String> producer = producer(TestInfrastructure.kafkaClientProperties(KafkaAccess.SETTLEMENT))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(IDENTITY_CHANGED, "p", "forged")).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void identityServiceProducesOnItsOwnTopic() throws Exception {
        try (KafkaProducer<String, String> producer = producer(TestInfrastructure.kafkaClientProperties(KafkaAccess.IDENTITY))) {
            assertThat(producer.send(new ProducerRecord<>(IDENTITY_CHANGED, "p", "{}")).get().topic()).isEqualTo(IDENTITY_CHANGED);
        }
    }

    @Test
    void aServiceCannotConsumeWithAnotherServicesGroup() {
        Map<String, Object> config = new HashMap<>(TestInfrastructure.kafkaClientProperties(KafkaAccess.SETTLEMENT));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaAccess.ENROLLMENT);
        try (KafkaConsumer<String, String> consumer = consumer(config)) {
            consumer.subscribe(List.of(IDENTITY_CHANGED));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aServiceCannotReadATopicItDoesNotConsume() {
        Map<String, Object> config = new HashMap<>(TestInfrastructure.kafkaClientProperties(KafkaAccess.IDENTITY));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaAccess.IDENTITY);
        try (KafkaConsumer<String, String> consumer = consumer(config)) {
            consumer.subscribe(List.of("settlement.completed.v1"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void noServiceMayCreateTopicsOrGrantItselfAcls() {
        try (Admin admin = Admin.create(TestInfrastructure.kafkaClientProperties(KafkaAccess.SETTLEMENT))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("settlement.shadow.v1", Optional.empty(), Optional.empty())))
                    .all().get()).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> admin.createAcls(KafkaAccess.writeBindings(KafkaAccess.SETTLEMENT, IDENTITY_CHANGED)).all().get())
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config) {
        Map<String, Object> p = new HashMap<>(config);
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
    }
}
