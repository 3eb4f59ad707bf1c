/**
 * The event plumbing every service needs once, and nothing else: infrastructure only, no domain type (the only
 * {@code org.onestop} code it uses is the {@code events} contracts: topic registry and header names).
 *
 * <ul>
 *   <li>{@link org.onestop.messaging.outbox}: append events in the caller's R2DBC transaction; the relay publishing
 *       them, safe with any number of replicas and in order per key (leases over 32 outbox partitions);</li>
 *   <li>{@link org.onestop.messaging.deadletter}: the one dead-letter sender ({@code <topic>.<group>.dlq},
 *       {@code x-dlq-reason}), the one container error handler, a pluggable reason mapping;</li>
 *   <li>{@link org.onestop.messaging.batch}: the batch-consumer skeleton (decode, dead-letter the unreadable, one
 *       transaction, per-record fallback);</li>
 *   <li>{@link org.onestop.messaging.copy}: rows in PostgreSQL's COPY text format;</li>
 *   <li>{@link org.onestop.messaging.personref}: the person-reference secret's properties;</li>
 *   <li>{@link org.onestop.messaging.dependency}: failing fast when PostgreSQL or Kafka stalls (deadlines, the 503
 *       {@code dependency-unavailable} problem, cached readiness probes, static consumer-group membership).</li>
 * </ul>
 *
 * <p>No auto-configuration: each service wires what it uses in one small {@code @Configuration}, and adds
 * {@code classpath:db/messaging} to {@code spring.flyway.locations} (this module's migrations are versions 1000 to
 * 1999; a service's own stay below 1000).
 */
package org.onestop.messaging;
