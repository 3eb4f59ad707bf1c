/**
 * This service's wiring of the platform dead letters (reason codes, the container error handler), and the one place
 * where a consumer waits for R2DBC.
 */
package org.onestop.settlement.kafka;
