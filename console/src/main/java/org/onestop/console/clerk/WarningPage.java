package org.onestop.console.clerk;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of the department's warning worklist as the page shows it: each warning with every department it was
 * routed to and whether that department acknowledged it, and 确认 offered while the signed-in department's own route is
 * unacknowledged (whatever the warning's status: a warning routed to two departments turns ACKNOWLEDGED at the first
 * acknowledgement, and the second department still acknowledges its own route, docs/monitoring.md).
 *
 * @param rows    the warnings of this page
 * @param page    the page number, from 0
 * @param hasNext whether the API had a warning beyond this page
 */
record WarningPage(List<Row> rows, int page, boolean hasNext) {

    /** 北京时间 to the minute. */
    private static final DateTimeFormatter BEIJING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    /** The departments' and statuses' names, kept here until the console's shared labels exist. */
    static final Map<String, String> DEPARTMENTS = Map.of("CIVIL_AFFAIRS", "民政", "RURAL_REVITALIZATION", "乡村振兴",
            "VETERANS_AFFAIRS", "退役军人事务");
    private static final Map<String, String> STATUSES = Map.of("OPEN", "待处理", "ACKNOWLEDGED", "已确认", "RESOLVED", "已解除");

    /**
     * @param own          whether the route is the signed-in department's
     * @param acknowledged 北京时间 of its acknowledgement, or null while unacknowledged
     * @param note         the route's note; the API gives only the caller's own
     */
    record Route(String department, String name, boolean own, String acknowledged, String note) {
    }

    /**
     * @param mayAcknowledge the signed-in department has a route here that it has not acknowledged
     */
    record Row(String id, String maskedIdNumber, String regionCode, String line, String burden, String threshold,
               String status, String raisedAt, List<Route> routes, boolean mayAcknowledge) {
    }

    /**
     * @param warnings   the API's list, one more than a page when there is a next page
     * @param department the signed-in department (the token's claim), or null when unknown: then nothing is offered
     */
    @SuppressWarnings("unchecked")
    static WarningPage of(List<Object> warnings, String department, int page, int size) {
        List<Row> rows = new ArrayList<>();
        for (Object o : warnings.subList(0, Math.min(size, warnings.size()))) {
            Map<String, Object> w = (Map<String, Object>) o;
            List<Route> routes = new ArrayList<>();
            boolean mayAcknowledge = false;
            Object raw = w.get("routes");
            for (Object r : raw instanceof List<?> list ? list : List.of()) {
                Map<String, Object> route = (Map<String, Object>) r;
                String code = text(route, "department");
                boolean own = code != null && code.equals(department);
                String at = text(route, "acknowledgedAt");
                routes.add(new Route(code, DEPARTMENTS.getOrDefault(code, code), own, beijing(at), text(route, "note")));
                mayAcknowledge |= own && at == null && !"RESOLVED".equals(text(w, "status"));
            }
            rows.add(new Row(text(w, "id"), text(w, "maskedIdNumber"), text(w, "regionCode"),
                    text(w, "lineName") + " " + text(w, "clause"), text(w, "burden"), text(w, "threshold"),
                    STATUSES.getOrDefault(text(w, "status"), text(w, "status")), beijing(text(w, "raisedAt")),
                    List.copyOf(routes), mayAcknowledge));
        }
        return new WarningPage(List.copyOf(rows), page, warnings.size() > size);
    }

    private static String beijing(String instant) {
        return instant == null ? null : BEIJING.format(Instant.parse(instant));
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }
}
