package org.onestop.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Client settings for the suite's broker (docs/security.md): every principal authenticates, scripts as themselves. The
 * principals' passwords are the launcher's files {@code <data>/secrets/kafka-<principal>.password}; the super user
 * {@code admin} reaches only the broker's internal PLAIN listener, and the drivers use it for nothing but scratch topics
 * that no service reads (a ceiling must not write onto a live topic, issue 17) and for reading group offsets.
 */
final class KafkaClients {

    static final String ADMIN = "admin";

    private KafkaClients() {
    }

    /** A SCRAM-SHA-512 principal on the client listener. */
    static Properties scram(String bootstrap, Path secrets, String principal) {
        return sasl(bootstrap, "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule", principal,
                password(secrets, principal));
    }

    /** The broker's super user on its internal listener (SASL/PLAIN). */
    static Properties admin(String adminBootstrap, Path secrets) {
        return sasl(adminBootstrap, "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule", ADMIN,
                password(secrets, ADMIN));
    }

    /** Producer settings of the services' relays: every record acknowledged by the broker, idempotent, lz4. */
    static Properties producer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("compression.type", "lz4");
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return p;
    }

    /** A consumer without a group: the drivers assign partitions themselves and commit nothing. */
    static Properties consumer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "5000");
        p.put("fetch.min.bytes", "65536");
        p.put("fetch.max.wait.ms", "50");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        return p;
    }

    private static Properties sasl(String bootstrap, String mechanism, String module, String user, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        p.put("client.id", "onestop-bench-" + user);
        return p;
    }

    private static String password(Path secrets, String principal) {
        try {
            return Files.readString(secrets.resolve("kafka-" + principal + ".password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("no password for Kafka principal " + principal + " in " + secrets, e);
        }
    }
}
