/**
 * Settling discharges: validation of the hospital's request, the per-person transaction (lock, replay, store,
 * outbox), cancellation and the answers in the national settlement record's shape.
 */
package org.onestop.settlement.settle;
