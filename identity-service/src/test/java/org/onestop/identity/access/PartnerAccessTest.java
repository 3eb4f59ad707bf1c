package org.onestop.identity.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.onestop.events.Caller;
import org.onestop.events.InternalToken;

class PartnerAccessTest {

    /** The caller of a token with {@code claims}, a {@code sub} added. */
    static Caller caller(Map<String, String> claims) {
        Map<String, Object> withSubject = new HashMap<>(claims);
        withSubject.putIfAbsent("sub", "partner");
        return PartnerAccess.caller(withSubject::get);
    }

    static final Caller SHANXI_CIVIL = caller(Map.of(InternalToken.PARTNER_TYPE, "department",
            InternalToken.DEPARTMENT, "CIVIL_AFFAIRS", InternalToken.REGION, "140000"));

    @Test
    void outsideRowsAreNamedUpToAHundredAndBlankCodesAreLeftToTheRowCheck() {
        List<String> codes = new ArrayList<>();
        codes.add("140105");
        codes.add(null);
        codes.add(" ");
        IntStream.range(0, 150).forEach(i -> codes.add("360402"));
        assertThatThrownBy(() -> PartnerAccess.requireRegions(SHANXI_CIVIL, codes))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.code()).isEqualTo("not-your-region");
                    @SuppressWarnings("unchecked") List<Integer> rows = (List<Integer>) e.properties().get("rows");
                    assertThat(rows).hasSize(100).startsWith(4, 5).endsWith(103);
                });
        PartnerAccess.requireRegions(SHANXI_CIVIL, List.of("140105", "141000"));
    }

    @Test
    void aDepartmentWithoutItsDepartmentOrAreaIsAnInvalidCaller() {
        assertThatThrownBy(() -> caller(Map.of(InternalToken.PARTNER_TYPE, "department", InternalToken.REGION, "140000")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        assertThatThrownBy(() -> caller(Map.of(InternalToken.PARTNER_TYPE, "department", InternalToken.DEPARTMENT, "民政")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        assertThatThrownBy(() -> caller(Map.of(InternalToken.PARTNER_TYPE, "department", InternalToken.DEPARTMENT, "民政",
                InternalToken.REGION, "14%")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        // no partner type: a token naming nobody
        assertThatThrownBy(() -> caller(Map.of())).isInstanceOf(Caller.InvalidCallerException.class);
    }

    @Test
    void aDepartmentSeesItsOwnTypesInItsArea() {
        PartnerAccess.Visibility v = PartnerAccess.personVisibility(SHANXI_CIVIL);
        assertThat(v.regionPrefix()).isEqualTo("14");
        assertThat(v.identityTypes()).contains("DIBAO", "TEKUN").doesNotContain("RETURNED_TO_POVERTY", "SIX_CATEGORIES");
        assertThat(PartnerAccess.personVisibility(caller(Map.of(InternalToken.PARTNER_TYPE, "operator")))).isNull();
    }

    @Test
    void aBatchsAreaIsThePushingDepartmentsAndAnAreaOfZerosIsNoDepartments() {
        assertThat(PartnerAccess.batchArea(SHANXI_CIVIL)).isEqualTo("140000");
        assertThatThrownBy(() -> caller(Map.of(InternalToken.PARTNER_TYPE, "department", InternalToken.DEPARTMENT, "民政",
                InternalToken.REGION, "000000")))
                .isInstanceOf(Caller.InvalidCallerException.class);
    }

    @Test
    void operatorsAloneBesideDepartmentsReadAndPushNothing() {
        Caller operator = caller(Map.of(InternalToken.PARTNER_TYPE, "operator"));
        assertThatThrownBy(() -> PartnerAccess.pushingDepartment(operator, "CIVIL_AFFAIRS"))
                .isInstanceOfSatisfying(AccessDeniedException.class,
                        e -> assertThat(e.code()).isEqualTo("not-allowed-for-partner-type"));
        assertThat(PartnerAccess.pushingDepartment(SHANXI_CIVIL, " ")).isEqualTo("CIVIL_AFFAIRS");
    }

    @Test
    void aDepartmentReadsItsDepartmentsBatchesInsideItsArea() {
        PartnerAccess.BatchScope shanxi = PartnerAccess.batchScope(SHANXI_CIVIL);
        assertThat(shanxi.admits("CIVIL_AFFAIRS", "140000")).isTrue();
        assertThat(shanxi.admits("CIVIL_AFFAIRS", "140105")).isTrue();
        assertThat(shanxi.admits("CIVIL_AFFAIRS", "360400")).isFalse();
        assertThat(shanxi.admits("CIVIL_AFFAIRS", PartnerAccess.NO_AREA)).isFalse();
        assertThat(shanxi.admits("RURAL_REVITALIZATION", "140000")).isFalse();
        PartnerAccess.BatchScope taiyuan = PartnerAccess.batchScope(caller(Map.of(InternalToken.PARTNER_TYPE, "department",
                InternalToken.DEPARTMENT, "CIVIL_AFFAIRS", InternalToken.REGION, "140100")));
        assertThat(taiyuan.admits("CIVIL_AFFAIRS", "140105")).isTrue();
        assertThat(taiyuan.admits("CIVIL_AFFAIRS", "140000")).isFalse();
        PartnerAccess.BatchScope operator = PartnerAccess.batchScope(caller(Map.of(InternalToken.PARTNER_TYPE, "operator")));
        assertThat(operator.admits("CIVIL_AFFAIRS", PartnerAccess.NO_AREA)).isTrue();
        assertThatThrownBy(() -> PartnerAccess.batchScope(caller(Map.of(InternalToken.PARTNER_TYPE, "hospital"))))
                .isInstanceOf(AccessDeniedException.class);
    }
}
