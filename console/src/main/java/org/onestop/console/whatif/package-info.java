/** An insurance office's policy what-if: the form, the run's page with its server-rendered charts, cancel, the CSV. */
package org.onestop.console.whatif;
