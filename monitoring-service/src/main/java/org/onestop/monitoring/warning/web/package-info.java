/** HTTP API of warnings: queries, acknowledgement, the monthly CSV list per department; RFC 9457 problem details. */
package org.onestop.monitoring.warning.web;
