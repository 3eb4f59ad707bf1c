/**
 * The one transactional outbox: {@link org.onestop.messaging.outbox.Outbox} appends in the caller's transaction,
 * {@link org.onestop.messaging.outbox.OutboxRelay} publishes.
 *
 * <p><b>Table.</b> {@code messaging_outbox} (migration {@code db/messaging/V1000__messaging_outbox.sql}) has the
 * columns Debezium's outbox event router reads ({@code id, aggregatetype, aggregateid, type, payload}) plus
 * {@code headers jsonb}, {@code seq} for order and {@code lease_partition}, so a deployment may replace the relay by
 * CDC.
 *
 * <p><b>Why leases and not only {@code FOR UPDATE SKIP LOCKED} on rows.</b> Skipping locked rows lets two relays take
 * two rows of one key at once and publish them in either order. Locking "the oldest unsent row per key" keeps order
 * but costs a per-key scan on every pass. Instead each row belongs to one of 32 outbox partitions
 * ({@code hash(key) mod 32}, a generated column) and a relay publishes a partition only while it holds that
 * partition's lease (owner, expiry) in {@code messaging_outbox_lease}: one key, one publisher at a time, oldest first.
 * Relays heartbeat in {@code messaging_outbox_relay} and each holds its fair share, ceil(32 / live relays): a new
 * replica gets partitions within a pass or two of its start, because the others give back their surplus once their
 * in-flight sends are acknowledged (so a handover re-sends nothing). A relay killed mid-pass leaves its leases to
 * expire ({@code lease-ttl}, 10 s by default) and the survivors claim them, starting from the oldest row left:
 * its unacknowledged sends are published again (in order; consumers dedupe by {@code ce_id}).
 *
 * <p>32 is fixed by the migration (the generated column and the lease rows); more replicas than 32 would idle.
 */
package org.onestop.messaging.outbox;
