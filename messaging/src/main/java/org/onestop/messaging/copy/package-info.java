/** Rows in PostgreSQL's {@code COPY … FROM STDIN} text format, for bulk writes over R2DBC. */
package org.onestop.messaging.copy;
