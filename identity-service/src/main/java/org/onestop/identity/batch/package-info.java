/** Partner batches: row-by-row validation, idempotent ingestion, the stored per-row report. */
package org.onestop.identity.batch;
