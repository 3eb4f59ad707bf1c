/** The what-if HTTP API: start, read (JSON or CSV), cancel, and the export the Spark job reads. */
package org.onestop.settlement.whatif.web;
