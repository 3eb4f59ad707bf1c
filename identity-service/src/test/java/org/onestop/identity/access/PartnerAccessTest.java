package org.onestop.identity.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.onestop.events.Caller;

class PartnerAccessTest {

    static Caller caller(Map<String, String> headers) {
        return PartnerAccess.caller(headers::get);
    }

    static final Caller SHANXI_CIVIL = caller(Map.of(Caller.PARTNER_TYPE, "department",
            Caller.DEPARTMENT, "CIVIL_AFFAIRS", Caller.REGION, "140000"));

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
        PartnerAccess.requireRegions(Caller.internalCaller(), List.of("360402"));
    }

    @Test
    void aDepartmentWithoutItsDepartmentOrAreaIsAnInvalidCaller() {
        assertThatThrownBy(() -> caller(Map.of(Caller.PARTNER_TYPE, "department", Caller.REGION, "140000")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        assertThatThrownBy(() -> caller(Map.of(Caller.PARTNER_TYPE, "department", Caller.DEPARTMENT, "民政")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        assertThatThrownBy(() -> caller(Map.of(Caller.PARTNER_TYPE, "department", Caller.DEPARTMENT, "民政",
                Caller.REGION, "14%")))
                .isInstanceOf(Caller.InvalidCallerException.class);
        assertThat(caller(Map.of()).internal()).isTrue();
    }

    @Test
    void aDepartmentSeesItsOwnTypesInItsArea() {
        PartnerAccess.Visibility v = PartnerAccess.personVisibility(SHANXI_CIVIL);
        assertThat(v.regionPrefix()).isEqualTo("14");
        assertThat(v.identityTypes()).contains("DIBAO", "TEKUN").doesNotContain("RETURNED_TO_POVERTY", "SIX_CATEGORIES");
        assertThat(PartnerAccess.personVisibility(caller(Map.of(Caller.PARTNER_TYPE, "operator")))).isNull();
        assertThat(PartnerAccess.personVisibility(Caller.internalCaller())).isNull();
    }

    @Test
    void aBatchsAreaIsTheDepartmentsOrTheSmallestAreaHoldingAnInternalBatchsRegions() {
        assertThat(PartnerAccess.batchArea(SHANXI_CIVIL, List.of("140105", "141000"))).isEqualTo("140000");
        Caller internal = Caller.internalCaller();
        assertThat(PartnerAccess.batchArea(internal, List.of("140105", "140105"))).isEqualTo("140105");
        assertThat(PartnerAccess.batchArea(internal, List.of("140106", "140105", " "))).isEqualTo("140100");
        assertThat(PartnerAccess.batchArea(internal, List.of("140105", "141000"))).isEqualTo("140000");
        assertThat(PartnerAccess.batchArea(internal, List.of("140105", "360402"))).isEqualTo(PartnerAccess.NO_AREA);
        assertThat(PartnerAccess.batchArea(internal, java.util.Arrays.asList(null, "14", "abcdef")))
                .isEqualTo(PartnerAccess.NO_AREA);
        assertThatThrownBy(() -> caller(Map.of(Caller.PARTNER_TYPE, "department", Caller.DEPARTMENT, "民政",
                Caller.REGION, "000000")))
                .isInstanceOf(Caller.InvalidCallerException.class);
    }

    @Test
    void aDepartmentReadsItsDepartmentsBatchesInsideItsArea() {
        PartnerAccess.BatchScope shanxi = PartnerAccess.batchScope(SHANXI_CIVIL);
        assertThat(shanxi.admits("CIVIL_AFFAIRS", "140000")).isTrue();
        assertThat(shanxi.admits("CIVIL_AFFAIRS", "140105")).isTrue();
        assertThat(shanxi.admits("CIVIL_AFFAIRS", "360400")).isFalse();
        assertThat(shanxi.admits("CIVIL_AFFAIRS", PartnerAccess.NO_AREA)).isFalse();
        assertThat(shanxi.admits("RURAL_REVITALIZATION", "140000")).isFalse();
        PartnerAccess.BatchScope taiyuan = PartnerAccess.batchScope(caller(Map.of(Caller.PARTNER_TYPE, "department",
                Caller.DEPARTMENT, "CIVIL_AFFAIRS", Caller.REGION, "140100")));
        assertThat(taiyuan.admits("CIVIL_AFFAIRS", "140105")).isTrue();
        assertThat(taiyuan.admits("CIVIL_AFFAIRS", "140000")).isFalse();
        PartnerAccess.BatchScope operator = PartnerAccess.batchScope(caller(Map.of(Caller.PARTNER_TYPE, "operator")));
        assertThat(operator.admits("CIVIL_AFFAIRS", PartnerAccess.NO_AREA)).isTrue();
        assertThat(PartnerAccess.batchScope(Caller.internalCaller()).admits("VETERANS_AFFAIRS", "360400")).isTrue();
        assertThatThrownBy(() -> PartnerAccess.batchScope(caller(Map.of(Caller.PARTNER_TYPE, "hospital"))))
                .isInstanceOf(AccessDeniedException.class);
    }
}
