package org.onestop.settlement.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.AdjudicationComponent;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.BenefitBalanceComponent;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.ExplanationOfBenefitStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.IdentityType;
import org.onestop.settlement.SettlementIntegrationTestBase;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * A settled discharge read as a FHIR R4 ExplanationOfBenefit: every amount equal to the settlement's, valid against
 * the base StructureDefinitions (HAPI's validator), cancelled after a 2305 cancel, and visible to the callers who see
 * the settlement only.
 */
class ExplanationOfBenefitIntegrationTest extends SettlementIntegrationTestBase {

    private static final String OTHER_HOSPITAL = "H36040200002";

    private static final FhirContext fhir = FhirContext.forR4Cached();
    private static FhirValidation validation;

    /** The validator, holding our CodeSystems exactly as the service serves them (a code they lack is an error). */
    private List<String> errors(IBaseResource resource) {
        if (validation == null) {
            Bundle served = read(http(), ExplanationOfBenefitController.BASE + "/CodeSystem",
                    Bundle.class);
            validation = new FhirValidation(served.getEntry().stream().map(e -> (CodeSystem) e.getResource()).toList());
        }
        return validation.errors(resource);
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(3): a class 3 discharge as an ExplanationOfBenefit, each layer's fund, deductible, copay, cap")
    void aSettledDischargeReadsAsAValidExplanationOfBenefitWithTheSettlementsAmounts() {
        String id = newIdNumber();
        String person = personRef(id);
        publishIdentity(identity(person, IdentityType.DIBAO_MARGINAL, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        Map<String, Object> body = withBurden(person, "2026-03-10", "10000");
        body.remove("personRef");
        body.put("idNumber", id);
        JsonNode answer = settleOk(body);
        String settlementId = answer.get("settlementId").asString();
        // jiujiang-2022 三(三)2(3): class 3 (低保边缘), deductible 10 % of the 2025 per-capita income 40,000 (assumed) =
        // 4,000; 65 % of (10,000 − 4,000) = 3,900 from assistance (fund 610100); the patient pays 10,000 − 3,900 = 6,100.
        // Upstream basic insurance paid 10,000, so the stay cost 20,000, all in scope. Annual cap 30,000: 3,900 used.
        assertThat(answer.get("setlinfo").get("maf_pay").asString()).isEqualTo("3900.00");

        String text = eobText(http(), settlementId);
        assertThat(text).doesNotContain(id);
        ExplanationOfBenefit eob = fhir.newJsonParser().parseResource(ExplanationOfBenefit.class, text);
        assertThat(errors(eob)).isEmpty();
        // the validator does find what the base definitions require: status is 1..1
        assertThat(errors(fhir.newJsonParser().parseResource(ExplanationOfBenefit.class, text).setStatus(null))).isNotEmpty();
        assertThat(eob.getStatus()).isEqualTo(ExplanationOfBenefitStatus.ACTIVE);
        assertThat(eob.getIdElement().getIdPart()).isEqualTo(settlementId);
        assertThat(header(eob, "submitted")).isEqualByComparingTo("20000.00");
        assertThat(header(eob, "eligible")).isEqualByComparingTo("20000.00");
        assertThat(header(eob, "copay")).isEqualByComparingTo("6100.00");
        assertThat(layer(eob, "benefit", "610100")).isEqualByComparingTo("3900.00");
        assertThat(layer(eob, "deductible", "610100")).isEqualByComparingTo("4000.00");
        assertThat(total(eob, "benefit")).isEqualByComparingTo(answer.get("setlinfo").get("fund_pay_sumamt").asString());
        // every layer's benefit as the settlement paid it, by fund code
        Map<String, BigDecimal> byFund = new TreeMap<>();
        for (JsonNode l : answer.get("layers")) {
            if (l.hasNonNull("fundCode")) {
                byFund.merge(l.get("fundCode").asString(), new BigDecimal(l.get("amount").asString()), BigDecimal::add);
            }
        }
        assertThat(byFund).containsKey("610100");
        byFund.forEach((fund, amount) -> assertThat(layer(eob, "benefit", fund)).as(fund).isEqualByComparingTo(amount));
        // what the funds pay, what the patient pays and what the hospital absorbs make up the submitted cost
        BigDecimal balance = header(eob, "copay");
        for (AdjudicationComponent a : eob.getAdjudication()) {
            if (code(a.getCategory()).equals("benefit") || code(a.getCategory()).equals(FhirNames.HOSPITAL_ABSORBS)) {
                balance = balance.add(a.getAmount().getValue());
            }
        }
        assertThat(balance).isEqualByComparingTo(header(eob, "submitted"));
        assertThat(eob.getAdjudication()).allSatisfy(a -> assertThat(a.getAmount().getCurrency()).isEqualTo("CNY"));

        BenefitBalanceComponent cap = eob.getBenefitBalance().stream()
                .filter(b -> b.getCategory().getCodingFirstRep().getCode().equals("610100")).findFirst().orElseThrow();
        assertThat(cap.getFinancialFirstRep().getAllowedMoney().getValue()).isEqualByComparingTo("30000.00");
        assertThat(cap.getFinancialFirstRep().getUsedMoney().getValue()).isEqualByComparingTo("3900.00");

        Patient patient = (Patient) eob.getContained().get(0);
        assertThat(patient.getName()).isEmpty();
        assertThat(patient.getIdentifier()).extracting(Identifier::getValue)
                .containsExactly(person, id.substring(0, 6) + "***********" + id.substring(17));

        // the person's year as a search: this one settlement
        Bundle year = search(http(), person, "2026");
        assertThat(errors(year)).isEmpty();
        assertThat(year.getTotal()).isEqualTo(1);
        assertThat(year.getEntryFirstRep().getResource().getIdElement().getIdPart()).isEqualTo(settlementId);
        assertThat(search(http(), person, "2025").getTotal()).isZero();

        http().post().uri("/api/v1/settlements/{id}/cancel", settlementId).exchange().expectStatus().isOk();
        ExplanationOfBenefit cancelled = fhir.newJsonParser().parseResource(ExplanationOfBenefit.class, eobText(http(), settlementId));
        assertThat(errors(cancelled)).isEmpty();
        assertThat(cancelled.getStatus()).isEqualTo(ExplanationOfBenefitStatus.CANCELLED);
        // the claim as it was settled: the reversal lines are not folded into the amounts
        assertThat(layer(cancelled, "benefit", "610100")).isEqualByComparingTo("3900.00");
        assertThat(header(cancelled, "copay")).isEqualByComparingTo("6100.00");
    }

    @Test
    void anotherHospitalOrAreaSeesNothingAndADepartmentIsRefused() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        String settlementId = settleOk(withBurden(person, "2026-04-10", "4000")).get("settlementId").asString();

        // as the settlement read: another hospital's settlement is answered exactly as an unknown one
        WebTestClient other = as(hospitalClaims(OTHER_HOSPITAL));
        assertOutcome(other.get().uri(ExplanationOfBenefitController.PATH + "/{id}", settlementId).exchange(), 404, "not-found", null);
        assertThat(search(other, person, "2026").getTotal()).isZero();
        WebTestClient yantaiOffice = as(officeClaims(YANTAI));
        yantaiOffice.get().uri(ExplanationOfBenefitController.PATH + "/{id}", settlementId).exchange().expectStatus().isNotFound();
        assertThat(search(yantaiOffice, person, "2026").getTotal()).isZero();
        // the insurance office of the area where the discharge was insured sees it
        WebTestClient jiujiangOffice = as(officeClaims(JIUJIANG));
        jiujiangOffice.get().uri(ExplanationOfBenefitController.PATH + "/{id}", settlementId).exchange().expectStatus().isOk();
        assertThat(search(jiujiangOffice, person, "2026").getTotal()).isEqualTo(1);

        WebTestClient department = as(Map.of("sub", "mz-360400", "partner_type", "department", "department", "CIVIL_AFFAIRS",
                "region", "360400"));
        assertOutcome(department.get().uri(ExplanationOfBenefitController.PATH + "/{id}", settlementId).exchange(), 403,
                "not-allowed-for-partner-type", null);
        assertOutcome(http().get().uri(ExplanationOfBenefitController.PATH + "?patient=x&created=2026").exchange(), 400,
                "invalid-person-ref-format", "http.patient");
    }

    @Test
    @DisplayName("jiujiang-2022 三(三)2(2): five discharges of a year page by two across three pages in discharge order, and back")
    void aPersonYearPagesAcrossThreePagesInDischargeOrderAndBack() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        List<String> ids = new ArrayList<>();
        for (String date : List.of("2026-01-10", "2026-02-10", "2026-03-10", "2026-04-10", "2026-05-10")) {
            ids.add(settleOk(withBurden(person, date, "1000")).get("settlementId").asString());
        }
        http().post().uri("/api/v1/settlements/{id}/cancel", ids.get(4)).exchange().expectStatus().isOk();

        Bundle first = search(http(), person, "2026", "&_count=2");
        assertThat(errors(first)).isEmpty();
        assertThat(first.getTotal()).isEqualTo(5);
        assertThat(entryIds(first)).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.getLink("previous")).isNull();
        for (Bundle.BundleEntryComponent e : first.getEntry()) {
            ExplanationOfBenefit eob = (ExplanationOfBenefit) e.getResource();
            // jiujiang-2022 三(三)2(2): class 2 has no deductible; 75 % of the 1,000 burden = 750 from 610100, the
            // patient pays 250; the stay cost 10,000 (basic, upstream) + 1,000
            assertThat(layer(eob, "benefit", "610100")).isEqualByComparingTo("750.00");
            assertThat(header(eob, "copay")).isEqualByComparingTo("250.00");
            assertThat(header(eob, "submitted")).isEqualByComparingTo("11000.00");
            assertThat(e.getFullUrl()).isEqualTo("http://localhost:" + port + ExplanationOfBenefitController.PATH + "/" + eob.getIdPart());
        }

        Bundle second = follow(http(), first.getLink("next").getUrl());
        assertThat(errors(second)).isEmpty();
        assertThat(second.getTotal()).isEqualTo(5);
        assertThat(entryIds(second)).containsExactly(ids.get(2), ids.get(3));
        assertThat(second.getLink("previous")).isNotNull();

        Bundle third = follow(http(), second.getLink("next").getUrl());
        assertThat(errors(third)).isEmpty();
        assertThat(entryIds(third)).containsExactly(ids.get(4));
        assertThat(third.getLink("next")).isNull();
        // the reversed settlement is on its page, cancelled
        assertThat(((ExplanationOfBenefit) third.getEntryFirstRep().getResource()).getStatus()).isEqualTo(ExplanationOfBenefitStatus.CANCELLED);

        Bundle back = follow(http(), third.getLink("previous").getUrl());
        assertThat(entryIds(back)).containsExactly(ids.get(2), ids.get(3));
        Bundle start = follow(http(), back.getLink("previous").getUrl());
        assertThat(entryIds(start)).containsExactly(ids.get(0), ids.get(1));
        assertThat(start.getLink("previous")).isNull();

        // _count is bounded: 500 asks for more than a page may hold and gets them all on one; 0 gives the total only
        Bundle all = search(http(), person, "2026", "&_count=500");
        assertThat(entryIds(all)).containsExactlyElementsOf(ids);
        assertThat(all.getLink("next")).isNull();
        Bundle none = search(http(), person, "2026", "&_count=0");
        assertThat(none.getTotal()).isEqualTo(5);
        assertThat(none.getEntry()).isEmpty();
    }

    @Test
    void aPageTokenCannotBeMovedToAnotherPersonSearchOrCallerAndUnknownParametersAreRefused() {
        String person = newPersonRef();
        publishIdentity(identity(person, IdentityType.DIBAO, ChangeKind.NEW, UUID.randomUUID(), "2026-01-01", null));
        for (String date : List.of("2026-06-10", "2026-07-10", "2026-08-10")) {
            settleOk(withBurden(person, date, "1000"));
        }
        String next = search(http(), person, "2026", "&_count=2").getLink("next").getUrl();
        assertThat(follow(http(), next).getTotal()).isEqualTo(3);

        // the same token on another person's search: the token names the person it was issued for
        String otherPerson = newPersonRef();
        assertOutcome(http().get().uri(URI.create(next.replace(person, otherPerson))).exchange(), 400, "invalid-page-token", "http._page");
        // the token altered: its signature fails
        String token = next.substring(next.indexOf("_page=") + "_page=".length());
        String altered = token.substring(0, 10) + (token.charAt(10) == 'A' ? 'B' : 'A') + token.substring(11);
        assertOutcome(http().get().uri(URI.create(next.replace(token, altered))).exchange(), 400, "invalid-page-token", "http._page");
        // another page size with it
        assertOutcome(http().get().uri(URI.create(next.replace("_count=2", "_count=3"))).exchange(), 400, "invalid-page-token",
                "http._page");
        // another hospital holding the link: not its token (and its own search would show it nothing)
        assertOutcome(as(hospitalClaims(OTHER_HOSPITAL)).get().uri(URI.create(next)).exchange(), 403, "page-token-not-yours",
                "http._page");

        assertOutcome(http().get().uri(ExplanationOfBenefitController.PATH + "?patient={p}&created=2026&name=x", person).exchange(),
                400, "unknown-search-parameter", "http.name");
        assertOutcome(http().get().uri(ExplanationOfBenefitController.PATH + "?patient={p}&created=2026&_count=-1", person).exchange(),
                400, "invalid-count", "http._count");
        assertOutcome(http().get().uri(ExplanationOfBenefitController.PATH + "?patient={p}&created=2026&created=2025", person).exchange(),
                400, "repeated-search-parameter", "http.created");
        assertOutcome(http().get().uri(ExplanationOfBenefitController.PATH + "?patient={p}", person).exchange(), 400,
                "invalid-year-range", "http.created");
        assertOutcome(http().get().uri(ExplanationOfBenefitController.PATH + "/{id}", UUID.randomUUID()).exchange(), 404, "not-found", null);
        assertOutcome(http().get().uri(ExplanationOfBenefitController.PATH + "/not-a-uuid").exchange(), 404, "not-found", null);
    }

    @Test
    void theCapabilityStatementAndOurCodeSystemsAreServedAndValid() {
        CapabilityStatement capabilities = read(http(), ExplanationOfBenefitController.BASE + "/metadata", CapabilityStatement.class);
        assertThat(errors(capabilities)).isEmpty();
        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(capabilities.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .containsExactly("ExplanationOfBenefit", "CodeSystem");

        CodeSystem funds = read(http(), ExplanationOfBenefitController.BASE + "/CodeSystem/fund-code", CodeSystem.class);
        assertThat(errors(funds)).isEmpty();
        assertThat(funds.getUrl()).isEqualTo(FhirNames.FUND_CODES);
        assertThat(funds.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode).contains("390100", "610100", "610102");

        Bundle byUrl = read(http(), ExplanationOfBenefitController.BASE + "/CodeSystem?url=" + FhirNames.LAYERS, Bundle.class);
        assertThat(errors(byUrl)).isEmpty();
        assertThat(byUrl.getTotal()).isEqualTo(1);
        assertThat(byUrl.getEntryFirstRep().getResource().getIdPart()).isEqualTo("layer");
        assertThat(read(http(), ExplanationOfBenefitController.BASE + "/CodeSystem?url=https://elsewhere.example/cs", Bundle.class)
                .getTotal()).isZero();

        assertOutcome(http().get().uri(ExplanationOfBenefitController.BASE + "/CodeSystem/nope").exchange(), 404, "not-found", null);
        assertOutcome(http().get().uri(ExplanationOfBenefitController.BASE + "/Patient/" + newPersonRef()).exchange(), 404,
                "not-supported", null);
        assertOutcome(as(Map.of("sub", "mz-360400", "partner_type", "department", "department", "CIVIL_AFFAIRS", "region", "360400"))
                .get().uri(ExplanationOfBenefitController.BASE + "/metadata").exchange(), 403, "not-allowed-for-partner-type", null);
    }

    /** An OperationOutcome with this status, our problem code and (when given) the parameter at fault; itself valid. */
    private void assertOutcome(WebTestClient.ResponseSpec response, int status, String code, String location) {
        byte[] bytes = response.expectStatus().isEqualTo(status).expectHeader().contentTypeCompatibleWith("application/fhir+json")
                .expectBody().returnResult().getResponseBody();
        OperationOutcome outcome = fhir.newJsonParser().parseResource(OperationOutcome.class, new String(bytes, StandardCharsets.UTF_8));
        assertThat(errors(outcome)).isEmpty();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.getIssueFirstRep();
        assertThat(issue.getDetails().getCodingFirstRep().getSystem()).isEqualTo(FhirNames.PROBLEMS);
        assertThat(issue.getDetails().getCodingFirstRep().getCode()).isEqualTo(code);
        if (location != null) {
            assertThat(issue.getLocation()).extracting(l -> l.getValue()).containsExactly(location);
        }
    }

    private static <T extends IBaseResource> T read(WebTestClient client, String uri, Class<T> type) {
        byte[] bytes = client.get().uri(uri).exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith("application/fhir+json")
                .expectBody().returnResult().getResponseBody();
        return fhir.newJsonParser().parseResource(type, new String(bytes, StandardCharsets.UTF_8));
    }

    private static Bundle follow(WebTestClient client, String link) {
        byte[] bytes = client.get().uri(URI.create(link)).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return fhir.newJsonParser().parseResource(Bundle.class, new String(bytes, StandardCharsets.UTF_8));
    }

    private static Bundle search(WebTestClient client, String person, String year, String more) {
        return read(client, ExplanationOfBenefitController.PATH + "?patient=" + person + "&created=" + year + more, Bundle.class);
    }

    private static List<String> entryIds(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdPart()).toList();
    }

    private static String eobText(WebTestClient client, String settlementId) {
        byte[] bytes = client.get().uri(ExplanationOfBenefitController.PATH + "/{id}", settlementId).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("application/fhir+json")
                .expectBody().returnResult().getResponseBody();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Bundle search(WebTestClient client, String person, String year) {
        return search(client, person, year, "");
    }

    private static BigDecimal header(ExplanationOfBenefit eob, String category) {
        return eob.getAdjudication().stream().filter(a -> code(a.getCategory()).equals(category) && a.getReason().isEmpty())
                .map(a -> a.getAmount().getValue()).findFirst().orElseThrow(() -> new AssertionError("no " + category));
    }

    private static BigDecimal layer(ExplanationOfBenefit eob, String category, String fundCode) {
        return eob.getAdjudication().stream()
                .filter(a -> code(a.getCategory()).equals(category) && code(a.getReason()).equals(fundCode))
                .map(a -> a.getAmount().getValue()).reduce(BigDecimal::add)
                .orElseThrow(() -> new AssertionError("no " + category + " of " + fundCode));
    }

    private static BigDecimal total(ExplanationOfBenefit eob, String category) {
        return eob.getTotal().stream().filter(t -> code(t.getCategory()).equals(category)).map(t -> t.getAmount().getValue())
                .findFirst().orElseThrow();
    }

    private static String code(CodeableConcept c) {
        return c == null || c.getCoding().isEmpty() ? "" : c.getCodingFirstRep().getCode();
    }
}
