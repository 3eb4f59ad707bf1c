package org.onestop.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.onestop.gateway.partner.Partner;
import org.onestop.gateway.partner.PartnerType;
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
}
