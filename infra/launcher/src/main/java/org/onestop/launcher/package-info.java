/** The "run the whole suite on one machine" command: infrastructure first, then each built service as a child process. */
package org.onestop.launcher;
