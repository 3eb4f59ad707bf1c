package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerTest {

    private static Caller of(Map<String, Object> claims) {
        return Caller.fromClaims(claims::get);
    }

    @Test
    void claimsWithoutAPartnerTypeDescribeNobodyAndAreRefused() {
        assertThatThrownBy(() -> of(Map.of("sub", "his-1", InternalToken.INSTITUTION, "H360402001")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        assertThatThrownBy(() -> of(Map.of(InternalToken.PARTNER_TYPE, "operator")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        // a type that is not a JSON string is no type
        assertThatThrownBy(() -> of(Map.of("sub", "ops", InternalToken.PARTNER_TYPE, 1)))
                .isInstanceOf(Caller.InvalidCallerException.class);
    }

    @Test
    void aHospitalIsOnlyItsOwnInstitution() {
        Caller c = of(Map.of("sub", "his-1", InternalToken.PARTNER_TYPE, "hospital", InternalToken.INSTITUTION, "H360402001",
                InternalToken.REGION, "360402"));
        assertThat(c.is(Caller.Type.HOSPITAL)).isTrue();
        assertThat(c.partner()).isEqualTo("his-1");
        assertThat(c.isInstitution("H360402001")).isTrue();
        assertThat(c.isInstitution("H370602001")).isFalse();
        assertThat(c.isInstitution(null)).isFalse();
    }

    @Test
    void aCityAreaContainsItsDistrictsAndAProvinceItsCities() {
        Caller city = of(Map.of("sub", "ybj", InternalToken.PARTNER_TYPE, "insurance-office", InternalToken.REGION, "360400"));
        assertThat(city.regionPrefix()).isEqualTo("3604");
        assertThat(city.inRegion("360402")).isTrue();
        assertThat(city.inRegion("360400")).isTrue();
        assertThat(city.inRegion("370602")).isFalse();
        assertThat(city.inRegion("3604")).isFalse();
        assertThat(city.inRegion("36040x")).isFalse();
        Caller province = of(Map.of("sub", "mz", InternalToken.PARTNER_TYPE, "department", InternalToken.DEPARTMENT, "民政",
                InternalToken.REGION, "140000"));
        assertThat(province.department()).isEqualTo(Department.CIVIL_AFFAIRS);
        assertThat(province.inRegion("140105")).isTrue();
        assertThat(province.inRegion("360402")).isFalse();
        Caller operator = of(Map.of("sub", "ops", InternalToken.PARTNER_TYPE, "operator"));
        assertThat(operator.inRegion("360402")).isFalse();
    }

    @Test
    void aCallerWrittenAsClaimsReadsBackAsTheSameCaller() {
        Caller department = new Caller("civil-affairs-140000", Caller.Type.DEPARTMENT, null, Department.CIVIL_AFFAIRS, "140000");
        Map<String, Object> claims = new HashMap<>();
        department.writeClaims(claims::put);
        assertThat(claims).containsEntry(InternalToken.DEPARTMENT, "CIVIL_AFFAIRS")
                .containsEntry(InternalToken.PARTNER_TYPE, "department").containsEntry("sub", "civil-affairs-140000")
                .doesNotContainKey(InternalToken.INSTITUTION);
        assertThat(of(claims)).isEqualTo(department);
    }

    @Test
    void anUnknownTypeOrDepartmentIsRefused() {
        assertThatThrownBy(() -> of(Map.of("sub", "x", InternalToken.PARTNER_TYPE, "admin")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        assertThatThrownBy(() -> of(Map.of("sub", "x", InternalToken.PARTNER_TYPE, "department", InternalToken.DEPARTMENT, "police")))
                .isInstanceOf(Caller.InvalidCallerException.class);
    }
}
