package org.onestop.infra.embedded;

import java.util.Map;

/**
 * A broker that {@link TestInfrastructure} started, how its super user reaches it, the SCRAM passwords of the
 * principals it created, and how to stop it.
 */
record RunningKafka(String bootstrapServers, Map<String, Object> adminProperties, Map<String, String> passwords, Runnable stop) {
}
