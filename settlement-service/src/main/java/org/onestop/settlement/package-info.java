/** settlement-service: hospital discharges → three-layer settlement with each person's ledger → settlement.completed.v1. */
package org.onestop.settlement;
