package org.onestop.infra.embedded;

/** A broker that {@link TestInfrastructure} started, however it runs, and how to stop it. */
record RunningKafka(String bootstrapServers, Runnable stop) {
}
