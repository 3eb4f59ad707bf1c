package org.onestop.settlement.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.onestop.events.Caller;
import org.onestop.events.PersonRef;
import org.onestop.settlement.access.Access;
import org.onestop.settlement.settle.InvalidRequestException;
import org.onestop.settlement.settle.NotFoundException;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementService;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The FHIR R4 read and search of settlements as ExplanationOfBenefit ({@code application/fhir+json}, docs/fhir.md):
 * {@code GET /api/v1/fhir/ExplanationOfBenefit/{settlementId}} and
 * {@code GET /api/v1/fhir/ExplanationOfBenefit?patient=<personRef>&created=<year>}. Who sees what follows the settlement
 * and person-year reads ({@link Access}): a hospital its own settlements, an insurance office the settlements insured in
 * its area; another's is answered 404 exactly as an unknown one, and is absent from a search. Errors are the suite's
 * RFC 9457 problems (the gateway answers its refusals in that shape too), not OperationOutcome.
 */
@RestController
@RequestMapping(ExplanationOfBenefitController.PATH)
class ExplanationOfBenefitController {

    static final String BASE = "/api/v1/fhir";
    static final String PATH = BASE + "/ExplanationOfBenefit";
    static final MediaType FHIR_JSON = new MediaType("application", "fhir+json", StandardCharsets.UTF_8);

    // thread-safe and costly to build (it scans the model classes): one for the service
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final SettlementService settlements;
    private final DatabaseClient db;

    ExplanationOfBenefitController(SettlementService settlements, DatabaseClient db) {
        this.settlements = settlements;
        this.db = db;
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<String>> read(Caller caller, @PathVariable UUID id) {
        Access.require(caller, Access.Resource.PERSONS);
        String area = Access.area(caller);
        return settlements.get(id, Access.hospital(caller))
                .filter(a -> inArea(a, area))
                // the same answer whether the settlement is unknown or not the caller's
                .switchIfEmpty(Mono.error(() -> new NotFoundException("结算不存在 (no settlement " + id + ")")))
                .map(a -> fhir(ExplanationOfBenefits.of(a)));
    }

    /**
     * The person's settlements discharged in {@code created} (the person-year, as {@code /api/v1/persons/{ref}/years/{year}}
     * counts it), oldest discharge first, cancelled ones included with status {@code cancelled}.
     *
     * @param patient the person reference, bare or as {@code Patient/<personRef>}
     * @param created a year, {@code yyyy}
     */
    @GetMapping
    Mono<ResponseEntity<String>> search(Caller caller, @RequestParam(required = false) String patient,
                                        @RequestParam(required = false) String created, ServerHttpRequest request) {
        Access.require(caller, Access.Resource.PERSONS);
        String person = patient == null ? null : patient.strip().replaceFirst("^Patient/", "");
        if (person == null || !PersonRef.isValid(person)) {
            return Mono.error(new InvalidRequestException("patient", "person-ref-format",
                    "patient 须为人员标识 personRef (64位小写十六进制) (patient must be a personRef: 64 lowercase hex characters)"));
        }
        if (created == null || !created.strip().matches("\\d{4}")
                || Integer.parseInt(created.strip()) < 2000 || Integer.parseInt(created.strip()) > 2100) {
            return Mono.error(new InvalidRequestException("created", "year-range", "created 须为年度 yyyy (created must be a year, yyyy)"));
        }
        int year = Integer.parseInt(created.strip());
        return ids(person, year, Access.hospital(caller), Access.area(caller))
                .flatMapSequential(settlements::get, 4)
                .map(ExplanationOfBenefits::of)
                .collectList()
                .map(found -> fhir(bundle(found, request.getURI())));
    }

    /** The caller's settlements of the person discharged in {@code year}: the filters of the settlement reads. */
    private Flux<UUID> ids(String person, int year, String hospital, String area) {
        LocalDate from = LocalDate.of(year, 1, 1);
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        select id from settlement where person_ref = $1 and discharge_date >= $2 and discharge_date < $3
                            and ($4::text is null or hospital_id = $4) and ($5::text is null or starts_with(region_code, $5))
                        order by discharge_date, id""")
                .bind(0, person).bind(1, from).bind(2, from.plusYears(1));
        spec = hospital == null ? spec.bindNull(3, String.class) : spec.bind(3, hospital);
        spec = area == null ? spec.bindNull(4, String.class) : spec.bind(4, area);
        return spec.map((row, meta) -> row.get(0, UUID.class)).all();
    }

    private static boolean inArea(SettlementAnswer a, String area) {
        return area == null || (a.regionCode() != null && a.regionCode().startsWith(area));
    }

    private static Bundle bundle(List<ExplanationOfBenefit> found, URI self) {
        String base = UriComponentsBuilder.fromUri(self).replacePath(PATH).replaceQuery(null).build().toUriString();
        Bundle bundle = new Bundle();
        bundle.setType(BundleType.SEARCHSET);
        bundle.setTotal(found.size());
        bundle.addLink().setRelation("self").setUrl(self.toString());
        for (ExplanationOfBenefit eob : found) {
            bundle.addEntry().setFullUrl(base + "/" + eob.getIdElement().getIdPart()).setResource(eob)
                    .getSearch().setMode(SearchEntryMode.MATCH);
        }
        return bundle;
    }

    private static ResponseEntity<String> fhir(IBaseResource resource) {
        return ResponseEntity.ok().contentType(FHIR_JSON).body(FHIR.newJsonParser().encodeResourceToString(resource));
    }
}
