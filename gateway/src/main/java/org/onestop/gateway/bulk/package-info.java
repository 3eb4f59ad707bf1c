/** Hospitals' bulk path: discharges checked like HTTP settle, then produced on discharge.submitted.v1 in their name. */
package org.onestop.gateway.bulk;
