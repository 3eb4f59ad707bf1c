/** Streaming reader of the Shanxi 附件2/附件3 CSV layouts: charset detection, quoting, household carry-forward. */
package org.onestop.identity.batch.csv;
