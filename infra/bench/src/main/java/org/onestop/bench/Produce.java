package org.onestop.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.onestop.events.Topics;

/**
 * The benchmarks' one producer, with the services' relay settings ({@link KafkaClients#producer}), as a principal whose
 * password is in the secrets directory. Two commands:
 * <ul>
 *   <li>{@code identity BOOTSTRAP SECRETS N SEED}: N new persons' identity events ({@link IdentityRecords}) on
 *       {@code identity.changed.v1} as identity-service, the topic's one writer;</li>
 *   <li>{@code produce-lines BOOTSTRAP SECRETS PRINCIPAL TOPIC FILE [HEADER=VALUE]}: each {@code key|value} line of a
 *       file as one record (kcat's {@code -P -K '|' -l}, which cannot log in to this broker: Debian's kcat fails
 *       SCRAM-SHA-512 against it), with one optional header, for the hand-run scripts of settlement-service/src/bench.</li>
 * </ul>
 * Each prints {@code produced_s=… records=…} once every record is acknowledged, and exits non-zero if any send failed.
 */
final class Produce {

    private Produce() {
    }

    static void identity(String[] args) throws Exception {
        String bootstrap = args[0];
        Path secrets = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        send(bootstrap, secrets, "identity-service", IdentityRecords.generate(Topics.IDENTITY_CHANGED.name(), n, args[3]));
    }

    static void lines(String[] args) throws Exception {
        String topic = args[3];
        String header = args.length > 5 ? args[5].substring(0, args[5].indexOf('=')) : null;
        byte[] headerValue = header == null ? null : args[5].substring(header.length() + 1).getBytes(StandardCharsets.UTF_8);
        List<ProducerRecord<String, byte[]>> records = Files.readAllLines(Path.of(args[4])).stream()
                .filter(line -> !line.isEmpty())
                .map(line -> {
                    int bar = line.indexOf('|');
                    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, line.substring(0, bar),
                            line.substring(bar + 1).getBytes(StandardCharsets.UTF_8));
                    if (header != null) {
                        r.headers().add(header, headerValue);
                    }
                    return r;
                }).toList();
        send(args[0], Path.of(args[1]), args[2], records);
    }

    private static void send(String bootstrap, Path secrets, String principal, List<ProducerRecord<String, byte[]>> records) {
        int[] failed = {0};
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(KafkaClients.scram(bootstrap, secrets, principal)))) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, (metadata, e) -> {
                    if (e != null) {
                        synchronized (failed) {
                            if (failed[0]++ == 0) {
                                System.err.println("send failed: " + e);
                            }
                        }
                    }
                });
            }
            producer.flush();
        }
        System.out.println("produced_s=" + Timing.seconds(Timing.since(start)) + " records=" + records.size());
        if (failed[0] > 0) {
            System.err.println(failed[0] + " of " + records.size() + " sends failed");
            System.exit(1);
        }
    }
}
