/**
 * Failing fast and recovering fast when PostgreSQL or Kafka stalls: deadlines on every database and broker call, the
 * {@code 503 dependency-unavailable} problem (with {@code Retry-After}) instead of a hanging request, readiness
 * indicators that never block (probed off the request thread, cached), and static consumer-group membership so a
 * dead replica's partitions move in seconds. Infrastructure only; each service wires it in one small
 * {@code @Configuration} ({@code onestop.messaging.deadlines.*}, {@code onestop.messaging.instance-id}).
 */
package org.onestop.messaging.dependency;
