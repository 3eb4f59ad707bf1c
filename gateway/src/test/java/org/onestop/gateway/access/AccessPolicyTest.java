package org.onestop.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.onestop.gateway.partner.Partner;
import org.onestop.gateway.partner.PartnerType;
import org.onestop.gateway.problem.Problem;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Ownership of answers the gateway checks before passing them on (pure: no network). */
class AccessPolicyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Partner JIUJIANG_CIVIL_AFFAIRS = new Partner("civil-affairs-360400", PartnerType.DEPARTMENT, "x", null,
            "CIVIL_AFFAIRS", "360400", PartnerType.DEPARTMENT.scopes());

    private static JsonNode json(String s) {
        return JSON.readTree(s);
    }

    @Test
    void aDepartmentsBatchListIsFilteredByIdentityServiceNotPrecheckedAsOneBatch() {
        // one batch's report is fetched first and its department compared; the list is a page with no department of
        // its own, so prechecking it answered every department 404 (the console's 历史批次 stayed empty)
        assertThat(AccessPolicy.ownerField(AccessPolicy.match(HttpMethod.GET, "/api/v1/identity/batches"),
                JIUJIANG_CIVIL_AFFAIRS)).isNull();
        assertThat(AccessPolicy.ownerField(AccessPolicy.match(HttpMethod.GET, "/api/v1/identity/batches/b-1"),
                JIUJIANG_CIVIL_AFFAIRS)).isEqualTo("department");
        assertThat(AccessPolicy.ownerField(AccessPolicy.match(HttpMethod.GET, "/api/v1/identity/batches/b-1/rows"),
                JIUJIANG_CIVIL_AFFAIRS)).isEqualTo("department");
    }

    @Test
    void aBatchOfTheSameDepartmentInAnotherAreaIsNotThePartners() {
        assertThat(AccessPolicy.ownsAnswer(JIUJIANG_CIVIL_AFFAIRS, "department",
                json("{\"department\":\"CIVIL_AFFAIRS\",\"area\":\"360402\"}"))).isTrue();
        assertThat(AccessPolicy.ownsAnswer(JIUJIANG_CIVIL_AFFAIRS, "department",
                json("{\"department\":\"CIVIL_AFFAIRS\",\"area\":\"140000\"}"))).isFalse();
        // a batch pushed by an internal caller across provinces belongs to no department's area
        assertThat(AccessPolicy.ownsAnswer(JIUJIANG_CIVIL_AFFAIRS, "department",
                json("{\"department\":\"CIVIL_AFFAIRS\",\"area\":\"000000\"}"))).isFalse();
        assertThat(AccessPolicy.ownsAnswer(JIUJIANG_CIVIL_AFFAIRS, "department",
                json("{\"department\":\"RURAL_REVITALIZATION\",\"area\":\"360402\"}"))).isFalse();
    }

    @Test
    void aHospitalOwnsOnlyItsInstitutionsSettlements() {
        Partner hospital = new Partner("hospital-h360402001", PartnerType.HOSPITAL, "x", "H360402001", null, "360402",
                PartnerType.HOSPITAL.scopes());
        assertThat(AccessPolicy.ownsAnswer(hospital, "hospitalId", json("{\"hospitalId\":\"H360402001\"}"))).isTrue();
        assertThat(AccessPolicy.ownsAnswer(hospital, "hospitalId", json("{\"hospitalId\":\"H370602001\"}"))).isFalse();
        assertThat(AccessPolicy.ownsAnswer(hospital, "hospitalId", json("{}"))).isFalse();
    }

    @Test
    void fhirExplanationsOfBenefitGoToSettlementWithThePersonsScopeOfHospitalsAndInsuranceOffices() {
        AccessPolicy.Rule read = AccessPolicy.match(HttpMethod.GET, "/api/v1/fhir/ExplanationOfBenefit/" + UUID.randomUUID());
        AccessPolicy.Rule search = AccessPolicy.match(HttpMethod.GET, "/api/v1/fhir/ExplanationOfBenefit");
        AccessPolicy.Rule metadata = AccessPolicy.match(HttpMethod.GET, "/api/v1/fhir/metadata");
        AccessPolicy.Rule codeSystem = AccessPolicy.match(HttpMethod.GET, "/api/v1/fhir/CodeSystem/fund-code");
        AccessPolicy.Rule codeSystems = AccessPolicy.match(HttpMethod.GET, "/api/v1/fhir/CodeSystem");
        assertThat(read.action()).isEqualTo("fhir.eob-read");
        assertThat(search.action()).isEqualTo("fhir.eob-search");
        assertThat(metadata.action()).isEqualTo("fhir.metadata");
        assertThat(codeSystem.action()).isEqualTo("fhir.codesystem-read");
        assertThat(codeSystems.action()).isEqualTo("fhir.codesystem-search");
        for (AccessPolicy.Rule rule : new AccessPolicy.Rule[] {read, search, metadata, codeSystem, codeSystems}) {
            assertThat(rule.service()).isEqualTo("settlement");
            assertThat(rule.scope()).isEqualTo("persons:read");
            // settlement-service filters by hospital or area; the gateway checks no owner field on the answer
            assertThat(rule.ownerPath()).isNull();
        }
        assertThat(PartnerType.HOSPITAL.scopes()).contains("persons:read");
        assertThat(PartnerType.INSURANCE_OFFICE.scopes()).contains("persons:read");
        assertThat(PartnerType.DEPARTMENT.scopes()).doesNotContain("persons:read");
        assertThat(PartnerType.OPERATOR.scopes()).doesNotContain("persons:read");
        // read-only: FHIR create/update is not offered
        assertThatThrownBy(() -> AccessPolicy.match(HttpMethod.POST, "/api/v1/fhir/ExplanationOfBenefit")).isInstanceOf(Problem.class);
        // no other resource type is routed: deny by default
        assertThatThrownBy(() -> AccessPolicy.match(HttpMethod.GET, "/api/v1/fhir/Patient/x")).isInstanceOf(Problem.class);
    }

    @Test
    void eachServicesStatusGoesToThatServiceWithTheOperatorsScopeOnly() {
        for (String service : List.of("identity", "settlement", "enrollment", "monitoring")) {
            AccessPolicy.Rule rule = AccessPolicy.match(HttpMethod.GET, "/api/v1/" + service + "/operations/status");
            assertThat(rule.service()).isEqualTo(service);
            assertThat(rule.scope()).isEqualTo("ops:read");
            assertThat(rule.ownerPath()).isNull();
        }
        assertThat(PartnerType.OPERATOR.scopes()).contains("ops:read");
        for (PartnerType other : List.of(PartnerType.HOSPITAL, PartnerType.DEPARTMENT, PartnerType.INSURANCE_OFFICE)) {
            assertThat(other.scopes()).doesNotContain("ops:read");
        }
    }

    @Test
    void whatIfRunsAreTheInsuranceOfficesAndOnlyForARegionInsideItsArea() {
        Partner jiujiangOffice = new Partner("office-360400", PartnerType.INSURANCE_OFFICE, "x", null, null, "360400",
                PartnerType.INSURANCE_OFFICE.scopes());
        AccessPolicy.Rule start = AccessPolicy.match(HttpMethod.POST, "/api/v1/what-if");
        assertThat(start.scope()).isEqualTo("whatif:write");
        assertThat(AccessPolicy.match(HttpMethod.GET, "/api/v1/what-if/export").action()).isEqualTo("whatif.export");
        assertThat(AccessPolicy.match(HttpMethod.GET, "/api/v1/what-if/" + UUID.randomUUID()).scope()).isEqualTo("whatif:read");
        assertThat(AccessPolicy.match(HttpMethod.DELETE, "/api/v1/what-if/" + UUID.randomUUID()).scope()).isEqualTo("whatif:write");
        assertThat(PartnerType.INSURANCE_OFFICE.scopes()).contains("whatif:write", "whatif:read");
        assertThat(PartnerType.HOSPITAL.scopes()).doesNotContain("whatif:write", "whatif:read");

        AccessPolicy.checkBody(start, jiujiangOffice, json("{\"region\":\"360400\",\"year\":2025}"));
        assertThatThrownBy(() -> AccessPolicy.checkBody(start, jiujiangOffice, json("{\"region\":\"370600\",\"year\":2025}")))
                .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.code()).isEqualTo("not-your-region"));
    }
}
