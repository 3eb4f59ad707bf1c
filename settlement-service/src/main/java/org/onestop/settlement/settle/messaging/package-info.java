/** The bulk path: discharge.submitted.v1 → settled exactly like an HTTP settle → settlement.completed.v1. */
package org.onestop.settlement.settle.messaging;
