package org.onestop.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.onestop.infra.embedded.KafkaAccess;

/**
 * The suite's topics, principals and ACLs ({@link KafkaAccess}, the one table), applied through the broker's super
 * user before any service starts: topics exist with the same 6 partitions each (records are keyed by person), every
 * principal has its SCRAM credential from the launcher's secrets, and the ACLs are in place.
 */
final class TopicSetup {

    static final int PARTITIONS = 6;

    private TopicSetup() {
    }

    /** Event topics, then their dead-letter topics, in a stable order. */
    static List<String> all() {
        return KafkaAccess.topics();
    }

    /**
     * Applies {@link KafkaAccess} with {@code adminProperties} (the super user's client settings); each principal's
     * password comes from {@code secrets} ({@code kafka-<principal>}), so a rotated secret file takes effect here.
     *
     * @return the topics this call created
     */
    static List<String> apply(Map<String, Object> adminProperties, LauncherSecrets secrets) {
        Map<String, String> passwords = new LinkedHashMap<>();
        KafkaAccess.PRINCIPALS.forEach(principal -> passwords.put(principal, secrets.get("kafka-" + principal)));
        try (Admin admin = Admin.create(adminProperties)) {
            return KafkaAccess.apply(admin, passwords, PARTITIONS);
        } catch (IllegalStateException e) {
            throw new LaunchException(e.getMessage() + " (bootstrap " + adminProperties.get("bootstrap.servers") + ")", e);
        }
    }
}
