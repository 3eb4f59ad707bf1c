/** HTTP adapters of batches: JSON and CSV uploads, report queries, problem details. */
package org.onestop.identity.batch.web;
