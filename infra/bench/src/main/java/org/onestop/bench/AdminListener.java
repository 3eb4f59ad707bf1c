package org.onestop.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The embedded broker opens its super user's listener on a free port it does not print (infra/embedded
 * EmbeddedKafka); the script lists the launcher's listening ports and this finds the one where the super user's PLAIN
 * login answers an admin request. The ports are tried at once: the controller's listener never answers, and on a busy
 * machine an answer may take tens of seconds. Prints {@code admin=localhost:<port>}.
 */
final class AdminListener {

    private static final Queue<String> FAILURES = new ConcurrentLinkedQueue<>();

    private AdminListener() {
    }

    static void main(String[] args) throws Exception {
        Path secrets = Path.of(args[0]);
        List<CompletableFuture<String>> probes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String bootstrap = "localhost:" + args[i];
            // a thread each: the common pool has one thread on two cores, which would try the ports one after the other
            probes.add(CompletableFuture.supplyAsync(() -> probe(secrets, bootstrap), Executors.newSingleThreadExecutor()));
        }
        CompletableFuture<Object> first = CompletableFuture.anyOf(probes.stream()
                .map(p -> p.thenCompose(found -> found == null ? new CompletableFuture<String>() : CompletableFuture.completedFuture(found)))
                .toArray(CompletableFuture[]::new));
        // when all answered, the one that found it (if any): this may run before the success reached "first"
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).thenRun(() -> first.complete(
                probes.stream().map(CompletableFuture::join).filter(Objects::nonNull).findFirst().orElse(null)));
        Object found = first.get(300, TimeUnit.SECONDS);
        if (found == null) {
            // the other ports' refusals are expected (the controller's listener answers METADATA with
            // UnsupportedVersionException), so they are shown only when no port was the right one
            FAILURES.forEach(System.err::println);
            System.err.println("no admin listener among the ports given");
            System.exit(1);
        }
        System.out.println("admin=" + found);
        System.exit(0); // the probe of the controller's port may still be waiting
    }

    private static String probe(Path secrets, String bootstrap) {
        Properties p = KafkaClients.admin(bootstrap, secrets);
        // generous: at a load of 50-95 the broker took minutes to answer this probe (the services' own 2 s probes
        // failed at load 40), and a wrong port only costs the wait, since the ports are tried at once
        p.put("request.timeout.ms", "60000");
        p.put("default.api.timeout.ms", "170000");
        Admin admin = Admin.create(p);
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(170_000)).clusterId().get(180, TimeUnit.SECONDS);
            admin.listTopics().names().get(60, TimeUnit.SECONDS);
            return bootstrap;
        } catch (Exception e) {
            FAILURES.add(bootstrap + " is not the admin listener: " + e);
            return null;
        } finally {
            admin.close(Duration.ZERO);
        }
    }
}
