package org.onestop.settlement.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.AdjudicationComponent;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.BenefitBalanceComponent;
import org.hl7.fhir.r4.model.ExplanationOfBenefit.ExplanationOfBenefitStatus;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
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

    private static FhirContext fhir;
    private static FhirValidator validator;

    @BeforeAll
    static void validator() {
        fhir = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir));
        validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
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
        other.get().uri(ExplanationOfBenefitController.PATH + "/{id}", settlementId).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("not-found");
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
        department.get().uri(ExplanationOfBenefitController.PATH + "/{id}", settlementId).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("not-allowed-for-partner-type");
        http().get().uri(ExplanationOfBenefitController.PATH + "?patient=x&created=2026").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("invalid-person-ref-format").jsonPath("$.field").isEqualTo("patient");
    }

    private static String eobText(WebTestClient client, String settlementId) {
        byte[] bytes = client.get().uri(ExplanationOfBenefitController.PATH + "/{id}", settlementId).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("application/fhir+json")
                .expectBody().returnResult().getResponseBody();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Bundle search(WebTestClient client, String person, String year) {
        byte[] bytes = client.get().uri(ExplanationOfBenefitController.PATH + "?patient={p}&created={y}", person, year).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("application/fhir+json")
                .expectBody().returnResult().getResponseBody();
        return fhir.newJsonParser().parseResource(Bundle.class, new String(bytes, StandardCharsets.UTF_8));
    }

    private static List<String> errors(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString).toList();
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
