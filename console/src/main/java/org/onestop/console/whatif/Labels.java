package org.onestop.console.whatif;

import java.util.Map;

/**
 * The Chinese names the what-if page shows for the API's codes. Kept here, small, until the console's shared labels
 * exist: the layers are the policy library's {@code Layer} names, the fund codes NHSA's {@code fund_pay_type} as the
 * policy files use them (docs/fhir.md "fund-code"). A code not listed is shown as it is.
 */
final class Labels {

    private static final Map<String, String> LAYERS = Map.of(
            "BASIC", "基本医疗保险",
            "CRITICAL_ILLNESS", "大病保险",
            "ASSISTANCE", "医疗救助",
            "SECONDARY_ASSISTANCE", "倾斜救助/再救助",
            "BACKSTOP", "财政兜底",
            "HOSPITAL_BORNE", "医院负担",
            "CARE_GRANT", "大病关怀救助");

    private static final Map<String, String> FUNDS = Map.of(
            "310100", "职工基本医疗保险统筹基金",
            "390100", "城乡居民基本医疗保险基金",
            "390200", "城乡居民大病保险资金",
            "330100", "职工大额医疗费用补助",
            "610100", "医疗救助基金",
            "610102", "倾斜救助",
            "640100", "财政兜底");

    private static final Map<String, String> STATUSES = Map.of(
            "QUEUED", "排队中",
            "RUNNING", "计算中",
            "DONE", "已完成",
            "FAILED", "失败",
            "CANCELLED", "已撤销");

    private Labels() {
    }

    static String layer(String code) {
        return LAYERS.getOrDefault(code, code);
    }

    /** {@code 610100 医疗救助基金}; a layer without a fund code (a grant) is {@code —}. */
    static String fund(String code) {
        if (code == null || code.isBlank()) {
            return "—";
        }
        String name = FUNDS.get(code);
        return name == null ? code : code + " " + name;
    }

    static String status(String code) {
        return STATUSES.getOrDefault(code, code);
    }

    /** The assistance category as the policy file names it; {@code NONE}: the stay had no category. */
    static String category(String id) {
        return "NONE".equals(id) ? "无救助类别" : id;
    }
}
