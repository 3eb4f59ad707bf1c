package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static Caller of(Map<String, String> headers) {
        return Caller.from(headers::get);
    }

    @Test
    void noPartnerTypeHeaderIsAnInternalCaller() {
        Caller c = of(Map.of(Caller.INSTITUTION, "H360402001"));
        assertThat(c.internal()).isTrue();
        assertThat(c.isInstitution("H360402001")).isFalse();
    }

    @Test
    void aHospitalIsOnlyItsOwnInstitution() {
        Caller c = of(Map.of(Caller.PARTNER_TYPE, "hospital", Caller.INSTITUTION, "H360402001", Caller.REGION, "360402"));
        assertThat(c.internal()).isFalse();
        assertThat(c.is(Caller.Type.HOSPITAL)).isTrue();
        assertThat(c.isInstitution("H360402001")).isTrue();
        assertThat(c.isInstitution("H370602001")).isFalse();
        assertThat(c.isInstitution(null)).isFalse();
    }

    @Test
    void aCityAreaContainsItsDistrictsAndAProvinceItsCities() {
        Caller city = of(Map.of(Caller.PARTNER_TYPE, "insurance-office", Caller.REGION, "360400"));
        assertThat(city.regionPrefix()).isEqualTo("3604");
        assertThat(city.inRegion("360402")).isTrue();
        assertThat(city.inRegion("360400")).isTrue();
        assertThat(city.inRegion("370602")).isFalse();
        assertThat(city.inRegion("3604")).isFalse();
        assertThat(city.inRegion("36040x")).isFalse();
        Caller province = of(Map.of(Caller.PARTNER_TYPE, "department", Caller.DEPARTMENT, "民政", Caller.REGION, "140000"));
        assertThat(province.department()).isEqualTo(Department.CIVIL_AFFAIRS);
        assertThat(province.inRegion("140105")).isTrue();
        assertThat(province.inRegion("360402")).isFalse();
        Caller operator = of(Map.of(Caller.PARTNER_TYPE, "operator"));
        assertThat(operator.inRegion("360402")).isFalse();
    }

    @Test
    void aCallerWrittenAsHeadersReadsBackAsTheSameCaller() {
        Caller department = new Caller("civil-affairs-140000", Caller.Type.DEPARTMENT, null, Department.CIVIL_AFFAIRS, "140000");
        Map<String, String> headers = new java.util.HashMap<>();
        department.writeTo(headers::put);
        assertThat(headers).containsEntry(Caller.DEPARTMENT, "CIVIL_AFFAIRS").containsEntry(Caller.PARTNER_TYPE, "department")
                .doesNotContainKey(Caller.INSTITUTION);
        assertThat(of(headers)).isEqualTo(department);
        Map<String, String> none = new java.util.HashMap<>();
        Caller.internalCaller().writeTo(none::put);
        assertThat(none).isEmpty();
    }

    @Test
    void anUnknownTypeOrDepartmentIsRefusedNotTreatedAsInternal() {
        assertThatThrownBy(() -> of(Map.of(Caller.PARTNER_TYPE, "admin"))).isInstanceOf(Caller.InvalidCallerException.class);
        assertThatThrownBy(() -> of(Map.of(Caller.PARTNER_TYPE, "department", Caller.DEPARTMENT, "police")))
                .isInstanceOf(Caller.InvalidCallerException.class);
    }
}
