/** Department webhooks: delivered from the webhook_delivery table on their own scheduler, with backoff and a circuit breaker. */
package org.onestop.monitoring.webhook;
