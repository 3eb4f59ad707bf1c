package org.onestop.console.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class WarningPageTest {

    private static Map<String, Object> route(String department, String acknowledgedAt) {
        Map<String, Object> r = new HashMap<>();
        r.put("department", department);
        r.put("acknowledgedAt", acknowledgedAt);
        return r;
    }

    @SafeVarargs
    private static Map<String, Object> warning(String id, String status, Map<String, Object>... routes) {
        Map<String, Object> w = new HashMap<>(Map.of("id", id, "status", status, "lineName", "高额医疗费用负担预警",
                "clause", "jiujiang-2022 五(一)", "burden", "30000.00", "threshold", "20000.00", "regionCode", "360402",
                "raisedAt", "2026-03-10T16:00:00Z"));
        w.put("routes", List.of(routes));
        return w;
    }

    @Test
    void theSecondDepartmentMayAcknowledgeAWarningTheFirstAlreadyAcknowledged() {
        List<Object> answer = List.of(warning("w1", "ACKNOWLEDGED", route("CIVIL_AFFAIRS", "2026-03-11T02:00:00Z"),
                route("RURAL_REVITALIZATION", null)));
        WarningPage.Row asRural = WarningPage.of(answer, "RURAL_REVITALIZATION", 0, 20).rows().get(0);
        assertThat(asRural.mayAcknowledge()).isTrue();
        assertThat(asRural.routes()).extracting(WarningPage.Route::name, WarningPage.Route::own, WarningPage.Route::acknowledged)
                .containsExactly(Tuple.tuple("民政", false, "2026-03-11 10:00"),
                        Tuple.tuple("乡村振兴", true, null));
        // the first department's own route is acknowledged: nothing more to offer it
        assertThat(WarningPage.of(answer, "CIVIL_AFFAIRS", 0, 20).rows().get(0).mayAcknowledge()).isFalse();
        // a department the warning was not routed to, or an unknown one, is offered nothing
        assertThat(WarningPage.of(answer, "VETERANS_AFFAIRS", 0, 20).rows().get(0).mayAcknowledge()).isFalse();
        assertThat(WarningPage.of(answer, null, 0, 20).rows().get(0).mayAcknowledge()).isFalse();
    }

    @Test
    void aResolvedWarningIsNoLongerToAcknowledge() {
        List<Object> answer = List.of(warning("w1", "RESOLVED", route("CIVIL_AFFAIRS", null)));
        assertThat(WarningPage.of(answer, "CIVIL_AFFAIRS", 0, 20).rows().get(0).mayAcknowledge()).isFalse();
    }

    @Test
    void oneWarningMoreThanAPageMeansANextPageAndIsNotShown() {
        List<Object> answer = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answer.add(warning("w" + i, "OPEN", route("CIVIL_AFFAIRS", null)));
        }
        WarningPage page = WarningPage.of(answer, "CIVIL_AFFAIRS", 1, 2);
        assertThat(page.rows()).extracting(WarningPage.Row::id).containsExactly("w0", "w1");
        assertThat(page.hasNext()).isTrue();
        assertThat(WarningPage.of(answer.subList(0, 2), "CIVIL_AFFAIRS", 1, 2).hasNext()).isFalse();
    }

    @Test
    void theDepartmentIsTheTokensClaimAndNothingWhenTheTokenIsNotAJwt() {
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"rural-revitalization-360400\",\"department\":\"RURAL_REVITALIZATION\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(DepartmentClaim.of("eyJhbGciOiJSUzI1NiJ9." + payload + ".signature")).isEqualTo("RURAL_REVITALIZATION");
        assertThat(DepartmentClaim.of("opaque-token")).isNull();
        assertThat(DepartmentClaim.of("a.!!!.c")).isNull();
        assertThat(DepartmentClaim.of(null)).isNull();
    }

    @Test
    void theFiltersAskTheApiForOneMoreThanAPageFromThePagesFirstWarning() {
        WarningController.Filters f = new WarningController.Filters(" abc ", "", "heavy-burden", "", null, "2");
        assertThat(f.query()).containsEntry("personRef", "abc").containsEntry("status", "OPEN,ACKNOWLEDGED")
                .containsEntry("line", "heavy-burden").containsEntry("limit", "21").containsEntry("offset", "40")
                .doesNotContainKeys("county", "month");
        assertThat(f.link(3, null)).isEqualTo("/console/warnings?personRef=abc&line=heavy-burden&page=3");
        assertThat(new WarningController.Filters(null, null, null, null, null, "x").pageNumber()).isZero();
    }
}
