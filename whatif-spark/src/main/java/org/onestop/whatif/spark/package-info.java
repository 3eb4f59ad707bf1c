/** The national policy what-if as an Apache Spark job over an export of the settlement books (docs/what-if.md). */
package org.onestop.whatif.spark;
