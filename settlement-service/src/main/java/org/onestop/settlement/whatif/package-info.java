/** Policy what-if over a region-year of the books, read-only, run on every core (docs/what-if.md). */
package org.onestop.settlement.whatif;
