package org.onestop.settlement.fhir;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementKind;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.ResourceVersionPolicy;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.onestop.events.Caller;
import org.onestop.settlement.access.Access;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a FHIR client asks a server before anything else: {@code GET /api/v1/fhir/metadata} (the CapabilityStatement:
 * what is read and searched, with which parameters) and our CodeSystems, by id or searched by {@code url}. Nothing here
 * depends on a person; the same {@code persons:read} callers as the ExplanationOfBenefit read may call it. Any other
 * resource type or path under the FHIR base is answered 404 {@code not-supported} as an OperationOutcome.
 */
@RestController
@RequestMapping(FhirBase.PATH)
class ConformanceController {

    /** When this CapabilityStatement last changed (its {@code date}, required by R4). */
    static final String CAPABILITY_DATE = "2026-12-06";

    private final FhirBase base;

    ConformanceController(FhirBase base) {
        this.base = base;
    }

    @GetMapping("/metadata")
    ResponseEntity<String> metadata(Caller caller, ServerHttpRequest request) {
        Access.require(caller, Access.Resource.PERSONS);
        SearchParameters.check(request.getQueryParams(), Set.of());
        return FhirJson.ok(capabilities(base.of(request)));
    }

    @GetMapping("/CodeSystem/{id}")
    ResponseEntity<String> codeSystem(Caller caller, @PathVariable String id, ServerHttpRequest request) {
        Access.require(caller, Access.Resource.PERSONS);
        SearchParameters.check(request.getQueryParams(), Set.of());
        return FhirJson.ok(CodeSystems.byId(id).orElseThrow(() -> FhirProblem.NOT_FOUND.with("没有这个代码系统 (no such CodeSystem)", null)));
    }

    /** {@code url} (exact, as FHIR's uri search): the one CodeSystem with that canonical URL; none: all of ours. */
    @GetMapping("/CodeSystem")
    ResponseEntity<String> searchCodeSystems(Caller caller, ServerHttpRequest request) {
        Access.require(caller, Access.Resource.PERSONS);
        MultiValueMap<String, String> query = request.getQueryParams();
        SearchParameters.check(query, Set.of("url"));
        String url = query.getFirst("url");
        List<CodeSystem> found = url == null ? CodeSystems.all() : CodeSystems.byUrl(url.strip()).stream().toList();
        String fhirBase = base.of(request);
        Bundle bundle = new Bundle().setType(BundleType.SEARCHSET).setTotal(found.size());
        bundle.addLink().setRelation("self").setUrl(fhirBase + "/CodeSystem"
                + (request.getURI().getRawQuery() == null ? "" : "?" + request.getURI().getRawQuery()));
        for (CodeSystem c : found) {
            bundle.addEntry().setFullUrl(fhirBase + "/CodeSystem/" + c.getIdElement().getIdPart()).setResource(c)
                    .getSearch().setMode(SearchEntryMode.MATCH);
        }
        return FhirJson.ok(bundle);
    }

    /** Everything else under the FHIR base: no such resource type or interaction here. */
    @RequestMapping("/**")
    ResponseEntity<String> unsupported(Caller caller) {
        Access.require(caller, Access.Resource.PERSONS);
        throw FhirProblem.NOT_SUPPORTED.with("只提供 ExplanationOfBenefit 的读取与检索、CodeSystem 与 metadata "
                + "(only ExplanationOfBenefit read and search, CodeSystem and metadata are served)", null);
    }

    static CapabilityStatement capabilities(String fhirBase) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setId("onestop-settlement");
        cs.setUrl(FhirNames.BASE + "CapabilityStatement/onestop-settlement");
        cs.setVersion("1");
        cs.setName("OneStopSettlement");
        cs.setTitle("一站式结算 FHIR 接口 (OneStop settlements as ExplanationOfBenefit)");
        cs.setStatus(PublicationStatus.ACTIVE);
        cs.setExperimental(false);
        cs.setDateElement(new DateTimeType(CAPABILITY_DATE));
        cs.setPublisher("OneStop");
        cs.setDescription("Read-only: settlements as ExplanationOfBenefit, read by id and searched by person and discharge "
                + "year, and the CodeSystems they use. docs/fhir.md.");
        cs.setKind(CapabilityStatementKind.INSTANCE);
        cs.getSoftware().setName("OneStop settlement-service");
        cs.getImplementation().setDescription("OneStop settlement-service FHIR R4 surface").setUrl(fhirBase);
        cs.setFhirVersion(FHIRVersion._4_0_1);
        cs.addFormat("application/fhir+json");
        cs.addFormat("json");

        CapabilityStatementRestComponent rest = cs.addRest().setMode(RestfulCapabilityMode.SERVER);
        rest.setDocumentation("Through the gateway with a partner token carrying persons:read; errors are OperationOutcome.");
        rest.getSecurity().setCors(false).setDescription("OAuth 2.0 client credentials at the gateway (POST /oauth2/token), "
                + "then Bearer tokens; hospitals see their own settlements, insurance offices those insured in their area.")
                .addService(new CodeableConcept().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/restful-security-service",
                        "OAuth", "OAuth")));

        CapabilityStatementRestResourceComponent eob = rest.addResource().setType("ExplanationOfBenefit")
                .setProfile("http://hl7.org/fhir/StructureDefinition/ExplanationOfBenefit")
                .setVersioning(ResourceVersionPolicy.NOVERSION).setReadHistory(false).setUpdateCreate(false);
        eob.addInteraction().setCode(TypeRestfulInteraction.READ);
        eob.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE).setDocumentation("patient and created are both "
                + "required; _count pages (default " + ExplanationOfBenefitController.DEFAULT_COUNT + ", at most "
                + ExplanationOfBenefitController.MAX_COUNT + "); the next and previous links carry a signed _page token; any "
                + "other parameter is refused.");
        eob.addSearchParam().setName("patient").setType(SearchParamType.REFERENCE)
                .setDefinition("http://hl7.org/fhir/SearchParameter/ExplanationOfBenefit-patient")
                .setDocumentation("the person reference, bare or as Patient/<personRef>");
        eob.addSearchParam().setName("created").setType(SearchParamType.DATE)
                .setDefinition("http://hl7.org/fhir/SearchParameter/ExplanationOfBenefit-created")
                .setDocumentation("a year (yyyy) only: the settlements discharged in that year, the person-year of the annual caps");

        CapabilityStatementRestResourceComponent codeSystems = rest.addResource().setType("CodeSystem")
                .setProfile("http://hl7.org/fhir/StructureDefinition/CodeSystem")
                .setVersioning(ResourceVersionPolicy.NOVERSION).setReadHistory(false).setUpdateCreate(false);
        codeSystems.addInteraction().setCode(TypeRestfulInteraction.READ);
        codeSystems.addInteraction().setCode(TypeRestfulInteraction.SEARCHTYPE);
        codeSystems.addSearchParam().setName("url").setType(SearchParamType.URI)
                .setDefinition("http://hl7.org/fhir/SearchParameter/conformance-url").setDocumentation("the canonical URL, exactly");
        return cs;
    }
}
