/** Real infrastructure without Docker: an in-process Kafka broker, PostgreSQL from embedded binaries, and the test entry point over them. */
package org.onestop.infra.embedded;
