package org.onestop.settlement.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onestop.policy.Layer;
import org.onestop.settlement.settle.SettlementAnswer;
import org.onestop.settlement.settle.SettlementAnswer.LayerView;

/** Our CodeSystems name every code our resources use, and HAPI's validator holding them refuses any other. */
class CodeSystemsTest {

    private static FhirValidation validation;

    @BeforeAll
    static void validator() {
        validation = new FhirValidation(CodeSystems.all());
    }

    @Test
    void everyFundCodeOfEveryPolicyFileAndOfTheEngineIsInTheFundCodeSystem() throws IOException {
        Set<String> inPolicies = new TreeSet<>();
        Pattern fundCode = Pattern.compile("fundCode: \"(\\d{6})\"");
        for (String file : resource("policies/index.txt").lines().map(String::strip).filter(l -> l.endsWith(".yaml")).toList()) {
            Matcher m = fundCode.matcher(resource("policies/" + file));
            while (m.find()) {
                inPolicies.add(m.group(1));
            }
        }
        // the policy files' own (critical illness, assistance, secondary, backstop) ...
        assertThat(inPolicies).contains("390200", "330100", "610100", "610102", "640100");
        assertThat(CodeSystems.FUNDS).containsKeys(inPolicies.toArray(String[]::new));
        // ... and those the engine sets itself: basic insurance by insurance type, the hospital's part (Settler)
        assertThat(CodeSystems.FUNDS).containsKeys("310100", "390100", "999996");
    }

    @Test
    void everyLayerOfTheEngineIsInTheLayerCodeSystem() {
        CodeSystem layers = CodeSystems.byId("layer").orElseThrow();
        assertThat(layers.getConcept()).extracting(CodeSystem.ConceptDefinitionComponent::getCode)
                .containsExactly(Arrays.stream(Layer.values()).map(Layer::name).toArray(String[]::new));
        assertThat(layers.getCount()).isEqualTo(Layer.values().length);
    }

    @Test
    void eachCodeSystemTheCapabilityStatementAndAnOperationOutcomeValidateWithoutError() {
        for (CodeSystem c : CodeSystems.all()) {
            assertThat(validation.errors(c)).as(c.getUrl()).isEmpty();
        }
        CapabilityStatement capabilities = ConformanceController.capabilities("https://api.example/api/v1/fhir");
        assertThat(validation.errors(capabilities)).isEmpty();
        OperationOutcome outcome = FhirErrors.outcome(FhirProblem.INVALID_PAGE_TOKEN, "x", "_page");
        assertThat(validation.errors(outcome)).isEmpty();
    }

    @Test
    void anExplanationOfBenefitValidatesAgainstOurCodeSystemsAndAnUnknownFundCodeIsAnError() {
        SettlementAnswer answer = ExplanationOfBenefitsTest.answer("SETTLED", List.of());
        assertThat(validation.errors(ExplanationOfBenefits.of(answer))).isEmpty();

        // the same answer with its assistance layer paid from a fund our CodeSystem does not name
        List<LayerView> layers = answer.layers().stream().map(l -> !l.layer().equals("ASSISTANCE") ? l
                : new LayerView(l.layer(), l.name(), "619999", l.amount(), l.base(), l.cumulativeBefore(), l.bands(), l.cap(),
                        l.capRemaining(), l.excludedBy(), l.clause(), l.notes(), l.window())).toList();
        SettlementAnswer unknownFund = new SettlementAnswer(answer.settlementId(), answer.status(), false, answer.personRef(),
                answer.maskedIdNumber(), answer.hospitalId(), answer.messageId(), answer.hospitalSettlementRef(), answer.regionCode(),
                answer.policyRegion(), answer.policyVersion(), answer.category(), answer.categoryName(), answer.identityTypes(),
                answer.categoryBecause(), answer.discharge(), answer.setlinfo(), answer.setldetail(), layers, answer.grantsToPerson(),
                answer.patientPays(), answer.hospitalAbsorbs(), answer.settledAt(), answer.reversedAt(), answer.adjustments());
        ExplanationOfBenefit eob = ExplanationOfBenefits.of(unknownFund);
        assertThat(validation.errors(eob)).isNotEmpty().anyMatch(m -> m.contains("619999"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Layer.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
