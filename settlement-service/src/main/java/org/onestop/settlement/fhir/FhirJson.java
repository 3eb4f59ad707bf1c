package org.onestop.settlement.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** How every FHIR answer is written: HAPI's JSON parser, {@code application/fhir+json; charset=UTF-8}, any status. */
final class FhirJson {

    static final MediaType FHIR_JSON = new MediaType("application", "fhir+json", StandardCharsets.UTF_8);

    // thread-safe and costly to build (it scans the model classes): one for the service
    static final FhirContext FHIR = FhirContext.forR4Cached();

    private FhirJson() {
    }

    static ResponseEntity<String> ok(IBaseResource resource) {
        return answer(HttpStatusCode.valueOf(200), resource);
    }

    static ResponseEntity<String> answer(HttpStatusCode status, IBaseResource resource) {
        return ResponseEntity.status(status).contentType(FHIR_JSON).body(FHIR.newJsonParser().encodeResourceToString(resource));
    }
}
