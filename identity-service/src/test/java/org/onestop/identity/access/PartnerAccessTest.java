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
}
