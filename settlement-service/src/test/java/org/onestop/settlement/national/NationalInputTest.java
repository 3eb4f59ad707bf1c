package org.onestop.settlement.national;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.onestop.policy.CareLocation;
import org.onestop.policy.HospitalLevel;
import org.onestop.settlement.settle.DischargeRequest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NationalInputTest {

    private static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @Test
    void theCareLocationIsTheInsuredPlaceComparedWithWhereTheCareWasGiven() {
        assertThat(NationalInput.location("360402", "360403")).isEqualTo(CareLocation.IN_REGION);
        assertThat(NationalInput.location("360402", "360102")).isEqualTo(CareLocation.IN_PROVINCE);
        assertThat(NationalInput.location("360402", "370602")).isEqualTo(CareLocation.OUT_OF_PROVINCE);
    }

    @Test
    void hospitalLevelsFollowTheNationalGrades() {
        assertThat(NationalInput.hospitalLevel("02")).isEqualTo(HospitalLevel.TERTIARY);
        assertThat(NationalInput.hospitalLevel("05")).isEqualTo(HospitalLevel.SECONDARY);
        assertThat(NationalInput.hospitalLevel("10")).isEqualTo(HospitalLevel.PRIMARY);
        assertThat(NationalInput.hospitalLevel("11")).isNull();
        assertThatThrownBy(() -> NationalInput.hospitalLevel("12")).isInstanceOf(NationalError.class)
                .hasMessageContaining("input.data.hosp_lv");
    }

    @Test
    void amountsKeepTheirExactTextOverLimitCountsWithFullOwnPayAndStayDaysComeFromTheDates() {
        JsonNode envelope = EXACT.readTree("""
                {"infno":"2304","msgid":"m1","mdtrtarea_admvs":"360402","insuplc_admdvs":"360402","fixmedins_code":"H1",
                 "input":{"data":{"insutype":"310","med_type":"21","begntime":"2026-03-01 08:00:00","endtime":"2026-03-10",
                 "medfee_sumamt":1000.10,"fulamt_ownpay_amt":100.05,"overlmt_selfpay":0.05}}}""");
        DischargeRequest r = NationalInput.settleRequest(envelope, envelope.get("input").get("data"), "V#1", "p", null);
        assertThat(r.costs().totalCost()).isEqualTo("1000.10");
        assertThat(r.costs().outOfCatalogue()).isEqualTo("100.10");
        assertThat(r.insuranceType()).isEqualTo("EMPLOYEE");
        assertThat(r.visitType()).isEqualTo("INPATIENT");
        assertThat(r.admissionDate()).isEqualTo("2026-03-01");
        assertThat(r.bedDays()).isEqualTo(9);
        assertThat(r.location()).isEqualTo("IN_REGION");
    }

    @Test
    void aCodeOutsideTheNationalDictionaryIsRefusedNamingTheField() {
        JsonNode envelope = EXACT.readTree("""
                {"mdtrtarea_admvs":"360402","insuplc_admdvs":"360402","input":{"data":{"med_type":"99"}}}""");
        assertThatThrownBy(() -> NationalInput.settleRequest(envelope, envelope.get("input").get("data"), "V#1", "p", null))
                .isInstanceOf(NationalError.class).hasMessageContaining("input.data.med_type");
    }
}
