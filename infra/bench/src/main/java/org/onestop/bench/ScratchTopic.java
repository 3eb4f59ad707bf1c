package org.onestop.bench;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A topic of the live broker that no service reads and no ACL names, created and deleted by the super user, so a
 * ceiling measured on the same broker writes nothing any consumer sees (issue 17: the old pgbench ceiling's junk
 * reached monitoring-service's dead-letter topic). Six partitions, like the suite's topics.
 */
final class ScratchTopic implements AutoCloseable {

    private final Admin admin;
    final String name;

    ScratchTopic(Properties adminClient, String name) throws Exception {
        this.admin = Admin.create(adminClient);
        this.name = name;
        admin.createTopics(List.of(new NewTopic(name, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
        } finally {
            admin.close();
        }
    }
}
