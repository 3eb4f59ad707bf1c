package org.onestop.settlement.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.onestop.events.Caller;
import org.onestop.settlement.access.AccessDeniedException;
import org.onestop.settlement.settle.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The FHIR surface's errors as OperationOutcome ({@code application/fhir+json}), as the FHIR RESTful API expects of a
 * FHIR server, instead of the RFC 9457 problems the rest of the service answers. Ordered before the service's
 * {@code ProblemHandler} and limited to this package's controllers, so nothing else changes shape. Each issue carries
 * the problem's {@code code} as a coding of our {@code problem-code} CodeSystem, so a partner tells the cases apart
 * exactly as with a problem's {@code code}.
 */
@RestControllerAdvice(basePackageClasses = FhirErrors.class)
// after messaging's ServiceUnavailableAdvice: a database or broker outage stays its 503 dependency-unavailable problem
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class FhirErrors {

    private static final Logger log = LoggerFactory.getLogger(FhirErrors.class);

    @ExceptionHandler(FhirProblem.FhirException.class)
    ResponseEntity<String> refused(FhirProblem.FhirException e) {
        return answer(e.problem(), e.getMessage(), e.parameter());
    }

    /** As the settlement reads: another's settlement is 404 exactly as an unknown one. */
    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<String> notFound(NotFoundException e) {
        return answer(FhirProblem.NOT_FOUND, e.getMessage(), null);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<String> denied(AccessDeniedException e) {
        return answer(FhirProblem.NOT_ALLOWED_FOR_PARTNER_TYPE, e.getMessage(), null);
    }

    @ExceptionHandler(Caller.InvalidCallerException.class)
    ResponseEntity<String> invalidCaller(Caller.InvalidCallerException e) {
        return answer(FhirProblem.INVALID_CALLER, "调用方标识无效 (the caller claims are invalid: " + e.getMessage() + ")", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        log.error("unexpected error on the FHIR surface ({})", e.getClass().getName(), e);
        return answer(FhirProblem.INTERNAL, FhirProblem.INTERNAL.display(), null);
    }

    static ResponseEntity<String> answer(FhirProblem problem, String detail, String parameter) {
        return FhirJson.answer(problem.status(), outcome(problem, detail, parameter));
    }

    /** {@code parameter}: the search parameter at fault, as {@code location} {@code http.<name>} (R4's rule for HTTP). */
    static OperationOutcome outcome(FhirProblem problem, String detail, String parameter) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(problem.issueType())
                .setDetails(new CodeableConcept().addCoding(new Coding(FhirNames.PROBLEMS, problem.code(), problem.display()))
                        .setText(detail));
        if (parameter != null) {
            issue.addLocation("http." + parameter);
        }
        return outcome;
    }
}
