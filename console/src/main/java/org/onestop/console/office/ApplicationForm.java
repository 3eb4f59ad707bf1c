package org.onestop.console.office;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application form (docs/settlement-api.md "Applications"): the person by ID number or reference, the region, the
 * grant kind and the date. The ID number goes to the API in the body only; the console never logs or shows it back.
 */
record ApplicationForm(String idNumber, String personRef, String regionCode, String kind, String applicationDate,
                       String office) {

    String missing() {
        if (blank(idNumber) && blank(personRef)) {
            return "请填写身份证号码或人员编号。";
        }
        if (blank(regionCode) || blank(kind) || blank(applicationDate)) {
            return "请填写区划代码、救助类型和申请日期。";
        }
        return null;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!blank(idNumber)) {
            body.put("idNumber", idNumber.strip());
        } else {
            body.put("personRef", personRef.strip());
        }
        body.put("regionCode", regionCode.strip());
        body.put("kind", kind.strip());
        body.put("applicationDate", applicationDate.strip());
        if (!blank(office)) {
            body.put("office", office.strip());
        }
        return body;
    }

    /** What the form shows again after a refusal: everything but the ID number. */
    ApplicationForm withoutIdNumber() {
        return new ApplicationForm("", personRef, regionCode, kind, applicationDate, office);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
