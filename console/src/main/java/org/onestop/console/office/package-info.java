/** An insurance office's pages: applications and their refusal notices, a person-year, the tax-bureau list. */
package org.onestop.console.office;
