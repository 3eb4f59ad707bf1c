/** The batch-consumer skeleton: decode, dead-letter the unreadable, one transaction, per-record fallback. */
package org.onestop.messaging.batch;
