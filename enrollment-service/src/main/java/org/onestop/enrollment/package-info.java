/** enrollment-service: identity.changed.v1 → subsidized enrollment (资助参保), refunds and the tax list → enrollment.subsidy.v1. */
package org.onestop.enrollment;
