/** Settlements as FHIR R4 ExplanationOfBenefit resources (docs/fhir.md), read through the settlement read side. */
package org.onestop.settlement.fhir;
