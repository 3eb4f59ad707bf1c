package org.onestop.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.onestop.policy.Discharges.SHANXI;
import static org.onestop.policy.Discharges.inpatient;
import static org.onestop.policy.Discharges.withBurden;
import static org.onestop.policy.Person.yuan;

import org.junit.jupiter.api.Test;

/**
 * Shanxi (shanxi-2019.txt). Key recipients at the text's floors (70 %, 15,000); single-disease cap prices
 * are assumed in the file (lung cancer 50,000), the 70 % / 20 % / 10 % shares are the text's.
 */
class ShanxiPolicyTest {

    static final PolicyCatalog CATALOG = PolicyCatalog.loadDefault();

    Person person() {
        return Person.under(CATALOG);
    }

    @Test
    void keyRecipientsGetAtLeast70PercentOfInpatientBurdenWithinAnnualCap15000_七() {
        Person p = person().holds("DIBAO", "2023-01-01");
        // 10,000 × 70 % = 7,000
        assertThat(p.settle(withBurden(SHANXI, "2023-03-01", "10000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
        // 20,000 × 70 % = 14,000, cap 15,000 − 7,000 = 8,000
        assertThat(p.settle(withBurden(SHANXI, "2023-05-01", "20000").build()).paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("8000"));
    }

    @Test
    void veteransEntitledToKeyCareAreKeyRecipients_一一() {
        assertThat(person().holds("KEY_ENTITLED_VETERAN", "2023-01-01").settle(withBurden(SHANXI, "2023-03-01", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
    }

    @Test
    void tekunInpatientBurdenIsFullyCovered_七() {
        Settlement s = person().holds("TEKUN", "2023-01-01").settle(withBurden(SHANXI, "2023-03-01", "50000").build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("50000"));
        assertThat(s.patientPays()).isEqualTo(Money.ZERO);
    }

    @Test
    void lowIncomeRecipientsGetTieredAssistanceBelowKeyRecipientsLevel_七_assumedCityParameters() {
        // assumed city parameters: deductible 2,000; 2,000–10,000 at 50 %; above at 60 %; cap 10,000.
        // 12,000: 8,000 × 50 % + 2,000 × 60 % = 4,000 + 1,200 = 5,200
        assertThat(person().holds("LOW_INCOME", "2023-01-01").settle(withBurden(SHANXI, "2023-03-01", "12000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("5200"));
    }

    @Test
    void ordinaryChronicOutpatientIsLeftToCityRulesButGaucherOutpatientCountsAsInpatient_六_七() {
        Settlement chronic = person().holds("DIBAO", "2023-01-01").settle(
                withBurden(SHANXI, "2023-03-01", "10000").visit(VisitType.CHRONIC_OUTPATIENT).build());
        assertThat(chronic.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
        Settlement gaucher = person().holds("DIBAO", "2023-01-01").settle(
                withBurden(SHANXI, "2023-03-01", "10000").visit(VisitType.CHRONIC_OUTPATIENT).disease("GAUCHER").build());
        assertThat(gaucher.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
    }

    @Test
    void singleDiseaseCapPriceSplitsBasic70Assistance20PatientRestAndHospitalBearsTheExcess_八() {
        // lung cancer, cap price 50,000 (assumed), total 60,000 at a designated hospital:
        // basic 70 % × 50,000 = 35,000; assistance 20 % × 50,000 = 10,000; patient 5,000; hospital 10,000.
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(
                inpatient(SHANXI, "2023-03-01", "60000").disease("LUNG_CANCER").designatedMajorDiseaseHospital(true).build());
        assertThat(s.paidBy(Layer.BASIC)).isEqualTo(yuan("35000"));
        assertThat(s.paidBy(Layer.CRITICAL_ILLNESS)).isEqualTo(Money.ZERO);
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("10000"));
        assertThat(s.patientPays()).isEqualTo(yuan("5000"));
        assertThat(s.hospitalAbsorbs()).isEqualTo(yuan("10000"));
        assertThat(s.layer(Layer.HOSPITAL_BORNE).orElseThrow().fundCode()).isEqualTo("999996");
        assertThat(s.nationalRecord().hospPartAmt()).isEqualTo(yuan("10000"));
    }

    @Test
    void singleDiseaseAssistanceIsNotLimitedByTheAnnualCap_八() {
        Person p = person().holds("DIBAO", "2023-01-01");
        p.settle(withBurden(SHANXI, "2023-02-01", "30000").build()); // uses the 15,000 cap
        Settlement s = p.settle(inpatient(SHANXI, "2023-03-01", "40000").disease("LUNG_CANCER").designatedMajorDiseaseHospital(true).build());
        // within cap: basic 28,000, assistance 8,000, patient 4,000
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("8000"));
        assertThat(s.patientPays()).isEqualTo(yuan("4000"));
    }

    @Test
    void lowIncomeAndIllnessPoorGet10PercentInSingleDiseasePayment_八() {
        Settlement s = person().holds("ILLNESS_POOR", "2023-01-01").settle(
                inpatient(SHANXI, "2023-03-01", "60000").disease("LUNG_CANCER").designatedMajorDiseaseHospital(true).build());
        // basic 35,000; assistance 10 % = 5,000; patient 10,000; hospital 10,000
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("5000"));
        assertThat(s.patientPays()).isEqualTo(yuan("10000"));
        assertThat(s.hospitalAbsorbs()).isEqualTo(yuan("10000"));
    }

    @Test
    void tekunSingleDiseaseRemainderIsCoveredToo_七_八() {
        Settlement s = person().holds("TEKUN", "2023-01-01").settle(
                inpatient(SHANXI, "2023-03-01", "60000").disease("LUNG_CANCER").designatedMajorDiseaseHospital(true).build());
        // 20 % = 10,000 under 八, then the 5,000 left inside the cap under 七 (fully covered)
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("15000"));
        assertThat(s.patientPays()).isEqualTo(Money.ZERO);
        assertThat(s.hospitalAbsorbs()).isEqualTo(yuan("10000"));
    }

    @Test
    void lateStageCareGrantIsPaidOncePerPerson_九() {
        Person p = person().holds("DIBAO", "2023-01-01");
        Settlement first = p.settle(withBurden(SHANXI, "2023-03-01", "10000").lateStage(true).build());
        assertThat(first.paidBy(Layer.CARE_GRANT)).isEqualTo(yuan("5000"));
        assertThat(first.patientPays()).as("the grant is paid to the person, outside the bill").isEqualTo(yuan("3000"));
        Settlement second = p.settle(withBurden(SHANXI, "2024-03-01", "10000").lateStage(true).build());
        assertThat(second.paidBy(Layer.CARE_GRANT)).isEqualTo(Money.ZERO);
        assertThat(second.grantsToPerson().get(0).excludedBy()).contains("已领取");
    }

    @Test
    void registeredPoorGetTheCareGrantButLowIncomeDoNot_九() {
        assertThat(person().holds("REGISTERED_POOR", "2019-01-01").settle(withBurden(SHANXI, "2023-03-01", "10000").lateStage(true).build())
                .paidBy(Layer.CARE_GRANT)).isEqualTo(yuan("5000"));
        assertThat(person().holds("LOW_INCOME", "2019-01-01").settle(withBurden(SHANXI, "2023-03-01", "10000").lateStage(true).build())
                .paidBy(Layer.CARE_GRANT)).isEqualTo(Money.ZERO);
    }

    @Test
    void benefitsStopOnTheExitDay_十() {
        assertThat(person().holds("DIBAO", "2023-01-01", "2023-06-01").settle(withBurden(SHANXI, "2023-05-31", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(yuan("7000"));
        assertThat(person().holds("DIBAO", "2023-01-01", "2023-06-01").settle(withBurden(SHANXI, "2023-06-01", "10000").build())
                .paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }

    @Test
    void careOutsideTheRegionWithoutFilingGetsNoOneStopAssistance_八_十一() {
        Settlement s = person().holds("DIBAO", "2023-01-01").settle(
                withBurden(SHANXI, "2023-03-01", "10000").location(CareLocation.OUT_OF_PROVINCE).build());
        assertThat(s.paidBy(Layer.ASSISTANCE)).isEqualTo(Money.ZERO);
    }
}
