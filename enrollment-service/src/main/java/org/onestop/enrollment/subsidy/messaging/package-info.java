/** identity.changed.v1 in (binder, batch mode) and its dead-letter topic out. */
package org.onestop.enrollment.subsidy.messaging;
