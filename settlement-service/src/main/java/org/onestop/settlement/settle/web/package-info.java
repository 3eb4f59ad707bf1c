/** The hospital-facing HTTP API: pre-settle, settle, cancel, read, statement; and a person's year. */
package org.onestop.settlement.settle.web;
