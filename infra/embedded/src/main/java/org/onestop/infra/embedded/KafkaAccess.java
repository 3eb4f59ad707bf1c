package org.onestop.infra.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.onestop.events.Topic;
import org.onestop.events.Topics;

/**
 * Who may do what on the suite's Kafka: the one ACL table, used by the launcher (embedded or external broker) and by
 * {@link TestInfrastructure}, and documented in docs/security.md.
 *
 * <p>Every client authenticates with SASL/SCRAM-SHA-512 as its own principal. Each topic has exactly one writer; a
 * consumer reads only its input topics, with consumer groups whose id begins with its principal's name (replicas share
 * {@code <service>}; a second group such as {@code settlement-service-replay} stays that service's), and writes its own
 * dead-letter topics {@code <topic>.<group>.dlq}. Nobody but {@link #ADMIN} (the broker's super user, held by the
 * launcher and the test infrastructure only) creates, alters or deletes topics, ACLs or credentials.
 */
public final class KafkaAccess {

    /** SCRAM mechanism of every client; the iteration count is Kafka's minimum for SHA-512 raised to a safe value. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    static final int SCRAM_ITERATIONS = 4096;

    public static final String ADMIN = "admin";
    public static final String IDENTITY = "identity-service";
    public static final String SETTLEMENT = "settlement-service";
    public static final String ENROLLMENT = "enrollment-service";
    public static final String MONITORING = "monitoring-service";
    /** Writes discharge.submitted.v1 on a hospital's behalf after checking the hospital (docs/settlement-api.md). */
    public static final String GATEWAY = "gateway";
    /** The tax bureau's integration: reads enrollment.subsidy.v1. */
    public static final String TAX_BUREAU = "tax-bureau";
    /** The partner departments' integration: reads monitoring.alert.v1. */
    public static final String DEPARTMENTS = "departments";
    /** Operators and scripts (infra/scripts): read every topic and dead-letter topic, write none. */
    public static final String OPERATOR = "operator";

    /** Consumer groups that read each topic, from the architecture's topic table; each has a dead-letter topic. */
    public static final Map<String, List<String>> CONSUMER_GROUPS = Map.of(
            Topics.IDENTITY_CHANGED.name(), List.of(ENROLLMENT, SETTLEMENT, MONITORING),
            Topics.DISCHARGE_SUBMITTED.name(), List.of(SETTLEMENT),
            Topics.SETTLEMENT_COMPLETED.name(), List.of(MONITORING, ENROLLMENT));

    /**
     * One principal's rights.
     *
     * @param principal the SCRAM user name
     * @param writes    topics it alone writes (literal names)
     * @param reads     topics it reads (literal names); for each it also writes {@code <topic>.<principal>*} (its
     *                  dead-letter topics, whatever suffix its group carries)
     * @param readsAllWithPrefix read-only principals: topics read by prefix (an event topic and its dead letters)
     */
    public record Grant(String principal, List<String> writes, List<String> reads, boolean readsAllWithPrefix) {
    }

    /** The table. Kept in the order of docs/security.md. */
    public static final List<Grant> GRANTS = List.of(
            new Grant(IDENTITY, List.of(Topics.IDENTITY_CHANGED.name()), List.of(), false),
            new Grant(SETTLEMENT, List.of(Topics.SETTLEMENT_COMPLETED.name()),
                    List.of(Topics.IDENTITY_CHANGED.name(), Topics.DISCHARGE_SUBMITTED.name()), false),
            new Grant(ENROLLMENT, List.of(Topics.ENROLLMENT_SUBSIDY.name()),
                    List.of(Topics.IDENTITY_CHANGED.name(), Topics.SETTLEMENT_COMPLETED.name()), false),
            new Grant(MONITORING, List.of(Topics.MONITORING_ALERT.name()),
                    List.of(Topics.SETTLEMENT_COMPLETED.name(), Topics.IDENTITY_CHANGED.name()), false),
            new Grant(GATEWAY, List.of(Topics.DISCHARGE_SUBMITTED.name()), List.of(), false),
            new Grant(TAX_BUREAU, List.of(), List.of(Topics.ENROLLMENT_SUBSIDY.name()), false),
            new Grant(DEPARTMENTS, List.of(), List.of(Topics.MONITORING_ALERT.name()), false),
            new Grant(OPERATOR, List.of(), Topics.ALL.stream().map(Topic::name).toList(), true));

    /** Every principal a client may hold (not the admin), in table order. */
    public static final List<String> PRINCIPALS = GRANTS.stream().map(Grant::principal).toList();

    /** SCRAM user names and passwords go into JAAS text unquoted-safe: letters, digits and {@code -_.} only. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    private KafkaAccess() {
    }

    /** Event topics, then their dead-letter topics, in a stable order: what the admin creates. */
    public static List<String> topics() {
        List<String> names = new ArrayList<>();
        Topics.ALL.forEach(topic -> names.add(topic.name()));
        for (Topic<?, ?> topic : Topics.ALL) {
            CONSUMER_GROUPS.getOrDefault(topic.name(), List.of()).stream().sorted()
                    .map(group -> Topics.deadLetter(topic.name(), group)).forEach(names::add);
        }
        return names;
    }

    /** The ACL bindings of {@link #GRANTS}. */
    public static List<AclBinding> aclBindings() {
        List<AclBinding> bindings = new ArrayList<>();
        for (Grant grant : GRANTS) {
            String user = "User:" + grant.principal();
            for (String topic : grant.writes()) {
                bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
                bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
            }
            for (String topic : grant.reads()) {
                PatternType readPattern = grant.readsAllWithPrefix() ? PatternType.PREFIXED : PatternType.LITERAL;
                bindings.add(allow(user, ResourceType.TOPIC, topic, readPattern, AclOperation.READ));
                bindings.add(allow(user, ResourceType.TOPIC, topic, readPattern, AclOperation.DESCRIBE));
                if (!grant.readsAllWithPrefix()) {
                    // its own dead letters: <topic>.<group>.dlq where the group begins with the principal's name
                    String deadLetters = topic + "." + grant.principal();
                    bindings.add(allow(user, ResourceType.TOPIC, deadLetters, PatternType.PREFIXED, AclOperation.WRITE));
                    bindings.add(allow(user, ResourceType.TOPIC, deadLetters, PatternType.PREFIXED, AclOperation.DESCRIBE));
                    // and reads them back: the operator status shows their newest reasons (messaging's operations)
                    bindings.add(allow(user, ResourceType.TOPIC, deadLetters, PatternType.PREFIXED, AclOperation.READ));
                }
            }
            if (!grant.reads().isEmpty()) {
                bindings.add(allow(user, ResourceType.GROUP, grant.principal(), PatternType.PREFIXED, AclOperation.READ));
            }
        }
        return bindings;
    }

    /** The one principal that writes event topic {@code topic}. */
    public static String writerOf(String topic) {
        return GRANTS.stream().filter(grant -> grant.writes().contains(topic)).map(Grant::principal).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No principal writes '" + topic + "'"));
    }

    /** READ (and DESCRIBE) on one literal topic for {@code principal}: for a test's private topic. */
    public static List<AclBinding> readBindings(String principal, String topic) {
        return List.of(allow("User:" + principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ),
                allow("User:" + principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
    }

    /** WRITE (and DESCRIBE) on one literal topic for {@code principal}: for a test's private topic. */
    public static List<AclBinding> writeBindings(String principal, String topic) {
        return List.of(allow("User:" + principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE),
                allow("User:" + principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
    }

    /**
     * Applies the table through an admin client holding the super user: creates the missing topics ({@code partitions}
     * each, the broker's replication factor), upserts one SCRAM credential per entry of {@code passwords} (so a changed
     * secret file rotates the password) and adds the ACLs. Idempotent.
     *
     * @return the topics this call created
     */
    public static List<String> apply(Admin admin, Map<String, String> passwords, int partitions) {
        try {
            List<String> created = createTopics(admin, topics(), partitions);
            List<UserScramCredentialAlteration> credentials = new ArrayList<>();
            passwords.forEach((user, password) -> credentials.add(new UserScramCredentialUpsertion(requireSafe(user),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), requireSafe(password))));
            if (!credentials.isEmpty()) {
                admin.alterUserScramCredentials(credentials).all().get();
            }
            addAcls(admin, aclBindings());
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot set up Kafka principals and ACLs: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up Kafka principals and ACLs", e);
        }
    }

    /** Creates whichever of {@code names} is missing. @return the ones this call created, sorted */
    public static List<String> createTopics(Admin admin, List<String> names, int partitions) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = names.stream().filter(name -> !existing.contains(name))
                .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty())).toList();
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
            try {
                result.getValue().get();
                created.add(result.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // another launcher or test JVM got there first
                    throw e;
                }
            }
        }
        return created.stream().sorted().toList();
    }

    /** Adds {@code bindings} and waits until the broker's authorizer holds them (ACLs propagate asynchronously). */
    public static void addAcls(Admin admin, List<AclBinding> bindings) throws ExecutionException, InterruptedException {
        admin.createAcls(bindings).all().get();
        Set<AclBinding> wanted = new LinkedHashSet<>(bindings);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            Set<AclBinding> present = new LinkedHashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
            if (present.containsAll(wanted)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The broker did not report " + wanted.size() + " new ACLs within 30 s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Client settings for {@code principal}: bootstrap servers, SASL_PLAINTEXT and SCRAM-SHA-512 with its password.
     * (The embedded broker listens on loopback only; a real deployment uses SASL_SSL, docs/running.md.)
     */
    public static Map<String, Object> clientProperties(String bootstrapServers, String principal, String password) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaas(principal, password));
        return p;
    }

    /** The JAAS line a SCRAM client needs, as Spring's {@code spring.kafka.properties.sasl.jaas.config} takes it. */
    public static String scramJaas(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + requireSafe(principal)
                + "\" password=\"" + requireSafe(password) + "\";";
    }

    static String requireSafe(String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("Kafka user names and passwords must be 1-200 characters of [A-Za-z0-9_.-]");
        }
        return value;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW));
    }
}
