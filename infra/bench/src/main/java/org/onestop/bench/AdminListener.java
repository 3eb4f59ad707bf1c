package org.onestop.bench;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The embedded broker opens its super user's listener on a free port it does not print (infra/embedded
 * EmbeddedKafka); the script lists the launcher's listening ports and this finds the one where the super user's PLAIN
 * login answers an admin request. Prints {@code admin=localhost:<port>}.
 */
final class AdminListener {

    private AdminListener() {
    }

    static void main(String[] args) {
        Path secrets = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String bootstrap = "localhost:" + args[i];
            Properties p = KafkaClients.admin(bootstrap, secrets);
            p.put("request.timeout.ms", "3000");
            p.put("default.api.timeout.ms", "4000");
            try (Admin admin = Admin.create(p)) {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(4000)).clusterId().get(5, TimeUnit.SECONDS);
                admin.listTopics().names().get(5, TimeUnit.SECONDS);
                System.out.println("admin=" + bootstrap);
                return;
            } catch (Exception e) {
                System.err.println("port " + args[i] + " is not the admin listener: " + e.getClass().getSimpleName());
            }
        }
        System.err.println("no admin listener among the ports given");
        System.exit(1);
    }
}
