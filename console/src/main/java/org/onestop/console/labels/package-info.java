/** The console's one place for Chinese names of API codes and for Beijing time, called from every template as {@code #labels}. */
package org.onestop.console.labels;
