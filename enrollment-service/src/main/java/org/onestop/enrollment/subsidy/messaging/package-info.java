/** identity.changed.v1 in (binder, batch mode, on the platform batch skeleton) and its dead letters out. */
package org.onestop.enrollment.subsidy.messaging;
