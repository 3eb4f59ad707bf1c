package org.onestop.launcher;

import java.util.ArrayList;
import java.util.List;

/** The summary printed once everything is up: where each service, the broker and each database can be reached. */
final class UrlTable {

    private UrlTable() {
    }

    /**
     * @param kafkaOrigin    "embedded" or "external", shown beside the bootstrap address
     * @param postgresOrigin likewise for PostgreSQL
     */
    static String render(List<ServiceOutcome> outcomes, String kafkaBootstrap, String kafkaOrigin, PostgresEndpoint postgres,
                         String postgresOrigin, List<String> databases, String logDirectory) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "STATUS", "BASE URL", "HEALTH", "PROMETHEUS"});
        for (ServiceOutcome outcome : outcomes) {
            ServiceDefinition service = outcome.service();
            if (outcome.status() == ServiceOutcome.Status.UP) {
                rows.add(new String[] {service.label(), "UP", service.baseUrl(), service.healthUrl(), service.prometheusUrl()});
            } else {
                rows.add(new String[] {service.label(), outcome.status().name(), outcome.detail(), "", ""});
            }
        }
        StringBuilder out = new StringBuilder();
        appendColumns(out, rows);
        out.append(System.lineSeparator());
        out.append("Kafka bootstrap  ").append(kafkaBootstrap).append("  (").append(kafkaOrigin).append(")").append(System.lineSeparator());
        out.append("Kafka auth       SASL/SCRAM-SHA-512, one principal per service; secrets in the data folder's secrets/")
                .append(System.lineSeparator());
        // never a password on the console: they are files in the data folder's secrets/ (docs/security.md)
        out.append("PostgreSQL       superuser ").append(postgres.username()).append("; each database owned by its own role (same name)  (")
                .append(postgresOrigin).append(")").append(System.lineSeparator());
        int width = databases.stream().mapToInt(String::length).max().orElse(0);
        for (String database : databases) {
            out.append("  ").append(pad(database, width)).append("  ").append(postgres.jdbcUrl(database)).append(System.lineSeparator());
        }
        out.append("Logs             ").append(logDirectory).append(System.lineSeparator());
        return out.toString();
    }

    private static void appendColumns(StringBuilder out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                // A skipped or failed row's explanation spans the rest of the line; it must not widen the URL columns.
                boolean spanning = i == 2 && row[3].isEmpty() && !row[0].equals("SERVICE");
                if (!spanning) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(pad(row[i], widths[i])).append("  ");
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
