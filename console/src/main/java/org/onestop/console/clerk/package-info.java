/** A department clerk's pages: upload a roster or adjustment list, its report and downloads, corrections, warnings. */
package org.onestop.console.clerk;
