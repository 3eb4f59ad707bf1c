/**
 * One answer for a body over a size limit, wherever it is cut (the gateway or a service): RFC 9457 problem details
 * {@code /problems/payload-too-large}, status 413, naming the limit in bytes ({@code limitBytes}) and in words
 * ({@code 至多 16 MB}), so a partner learns what to send instead of a bare 413 (issue 15). Infrastructure only.
 */
package org.onestop.messaging.limit;
