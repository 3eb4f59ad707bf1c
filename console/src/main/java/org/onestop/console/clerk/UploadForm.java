package org.onestop.console.clerk;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.codec.multipart.FilePart;

/**
 * The upload form: the file and what the paper form puts on the whole list (docs/identity-api.md's query parameters).
 * {@code charset} empty = detected by identity-service.
 */
record UploadForm(FilePart file, String category, String regionCode, String departmentReference, String issuingUnit,
                  String effectiveDate, String charset) {

    /** The first missing required field's message, or null. */
    String missing() {
        if (file == null || file.filename() == null || file.filename().isBlank()) {
            return "请选择要上传的文件(CSV 或 XLSX)。";
        }
        if (blank(category)) {
            return "请填写对象类别。";
        }
        if (blank(regionCode)) {
            return "请填写区划代码。";
        }
        if (blank(departmentReference)) {
            return "请填写批次编号。";
        }
        return null;
    }

    /** The upload's query parameters, blank ones left out. */
    Map<String, String> query() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("category", category.strip());
        query.put("regionCode", regionCode.strip());
        query.put("departmentReference", departmentReference.strip());
        put(query, "issuingUnit", issuingUnit);
        put(query, "effectiveDate", effectiveDate);
        put(query, "charset", charset);
        return query;
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (!blank(value)) {
            query.put(name, value.strip());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
