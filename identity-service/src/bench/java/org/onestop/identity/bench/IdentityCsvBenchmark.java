package org.onestop.identity.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end benchmark of identity-service, outside {@code verify}: generates a Shanxi 附件3 CSV with valid ID numbers
 * (households of four: the head, then three members with blank head columns), posts it to a running service,
 * waits until the batch is stored and the outbox is drained (every event acknowledged by Kafka), and prints rows/s
 * and the service's peak heap as sampled from /actuator/prometheus ({@code jvm_memory_used_bytes{area="heap"}}, summed
 * over the pools) every 200 ms. The service admits only calls with an internal token (docs/security.md): pass one of a
 * Shanxi civil affairs department with {@code -Dtoken=}, minted with {@code infra/scripts/InternalToken.java … identity-service
 * sub=civil-affairs-140000 partner_type=department department=CIVIL_AFFAIRS region=140000} (it is checked when the
 * upload starts, so a long upload outlives its 60 s).
 *
 * <p>JDK only, run as a source file:
 * {@code java -Dtoken=… identity-service/src/bench/java/org/onestop/identity/bench/IdentityCsvBenchmark.java [rows] [baseUrl] [seed]}
 */
public final class IdentityCsvBenchmark {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.Ee+-]+)$");
    private static final Pattern PUBLISHED = Pattern.compile("(?m)^onestop_outbox_publish_lag_seconds_count(\\{[^}]*})? ([0-9.Ee+-]+)$");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String base = args.length > 1 ? args[1] : "http://localhost:8081";
        // a new seed gives new people (a rerun with the same file is, rightly, a duplicate batch)
        int seed = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "identity-bench-" + rows + "-" + seed + ".csv");
        if (!Files.exists(file)) {
            long t = System.nanoTime();
            generate(file, rows, LocalDate.of(1950, 1, 1).plusDays((long) seed * (rows / 1000 + 1)));
            System.out.printf("generated %,d rows (%,d bytes) in %.1f s: %s%n", rows, Files.size(file),
                    (System.nanoTime() - t) / 1e9, file);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peakHeap.accumulateAndGet((long) heap(http, base), Math::max);
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception ignored) {
                    // a missed sample is fine
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        double publishedBefore = published(http, base);
        String reference = "bench-" + UUID.randomUUID();
        HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS"
                        + "&category=DIBAO&regionCode=140105&departmentReference=" + reference))
                .header("Content-Type", "text/csv; charset=UTF-8")
                .header("Authorization", "Bearer " + System.getProperty("token", ""))
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
        double stored = (System.nanoTime() - start) / 1e9;
        String body = response.body();
        System.out.printf("HTTP %d after %.1f s: %s%n", response.statusCode(), stored,
                body.length() > 400 ? body.substring(0, 400) + "…" : body);
        // every acknowledged event is one count of the publish-lag timer: wait for all of this batch's
        while (published(http, base) - publishedBefore < rows) {
            Thread.sleep(100);
        }
        double total = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        System.out.printf("%,d rows stored in %.1f s, stored and published in %.1f s: %,.0f rows/s end to end; "
                + "peak heap used %,d MB%n", rows, stored, total, rows / total, peakHeap.get() / (1024 * 1024));
    }

    static double published(HttpClient http, String base) throws IOException, InterruptedException {
        double sum = 0;
        Matcher m = PUBLISHED.matcher(prometheus(http, base));
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    static double heap(HttpClient http, String base) throws IOException, InterruptedException {
        double sum = 0;
        Matcher m = HEAP.matcher(prometheus(http, base));
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** The actuator exposes only health and prometheus, both open on the service's loopback port. */
    static String prometheus(HttpClient http, String base) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static void generate(Path file, int rows, LocalDate firstBirth) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码,动态调整工作类型,动态调整时间\n");
            String headId = null;
            for (int i = 0; i < rows; i++) {
                // i → (birth day, sequence): a million distinct valid numbers
                LocalDate birth = firstBirth.plusDays(i / 1000);
                String first17 = String.format("140105%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(),
                        birth.getDayOfMonth(), i % 1000);
                String id = first17 + check(first17);
                if (i % 4 == 0) {
                    headId = id;
                    w.write("小店镇,北格村,户主" + i + "," + id + ",4,户主" + i + "," + id + ",新识别,2024-03-01\n");
                } else {
                    w.write(",,,,,成员" + i + "," + id + ",新识别,2024-03-01\n");
                }
            }
        }
    }

    static char check(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }
}
