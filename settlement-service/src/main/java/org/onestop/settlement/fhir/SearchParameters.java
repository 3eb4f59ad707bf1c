package org.onestop.settlement.fhir;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.MultiValueMap;

/**
 * The query-string rules every FHIR interaction here shares: a parameter we do not read is refused (FHIR's strict
 * handling: a client would otherwise take an unfiltered answer for a filtered one), a parameter given twice is
 * refused, and {@code _format} may only ask for the JSON we write.
 */
final class SearchParameters {

    private static final Set<String> JSON_FORMATS = Set.of("json", "application/json", "application/fhir+json");

    private SearchParameters() {
    }

    /** @throws FhirProblem.FhirException {@code unknown-search-parameter}, {@code repeated-search-parameter}, {@code invalid-parameter} */
    static void check(MultiValueMap<String, String> query, Set<String> allowed) {
        for (Map.Entry<String, List<String>> p : query.entrySet()) {
            if (!allowed.contains(p.getKey()) && !p.getKey().equals("_format")) {
                throw FhirProblem.UNKNOWN_SEARCH_PARAMETER.with("不支持的检索参数 (unknown search parameter; supported here: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")", printable(p.getKey()));
            }
            if (p.getValue().size() > 1) {
                throw FhirProblem.REPEATED_SEARCH_PARAMETER.with(FhirProblem.REPEATED_SEARCH_PARAMETER.display(), p.getKey());
            }
        }
        String format = query.getFirst("_format");
        if (format != null && !JSON_FORMATS.contains(format.strip())) {
            throw FhirProblem.INVALID_PARAMETER.with("只支持 JSON (_format: only json is supported)", "_format");
        }
    }

    /** A parameter name as an issue's location: a short printable name, or {@code ?} (request data stays out). */
    private static String printable(String name) {
        return name.matches("[A-Za-z0-9_:.-]{1,40}") ? name : "?";
    }
}
