package org.onestop.settlement.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;

/**
 * HAPI's validator against the base R4 StructureDefinitions and HL7 terminology, plus our CodeSystems: since they are
 * {@code content = complete}, a coding of our systems with a code they do not list is an error, not a warning.
 */
final class FhirValidation {

    private final FhirValidator validator;

    FhirValidation(List<CodeSystem> ours) {
        FhirContext fhir = FhirContext.forR4Cached();
        PrePopulatedValidationSupport ourCodes = new PrePopulatedValidationSupport(fhir);
        ours.forEach(ourCodes::addCodeSystem);
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), ourCodes,
                new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    /** Errors and fatal messages only: the warnings left are listed and argued in docs/fhir.md "Validation". */
    List<String> errors(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString).toList();
    }

    List<String> warnings(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
                .map(SingleValidationMessage::toString).toList();
    }
}
