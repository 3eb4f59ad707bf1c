package org.onestop.settlement.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate against POST /api/v1/settlements: requests are sent on a schedule whatever the
 * answers do, and each latency is measured from the request's SCHEDULED time, so a stall is not hidden
 * (no coordinated omission). Every request is a new settlement (unique message id and reference) of one of
 * {@code persons} people in Jiujiang, with upstream insurance. Only JDK classes: run it as a single source file.
 *
 * <pre>java SettleLoad.java http://localhost:18082 500 60 10000 [warmupSeconds] [seed]</pre>
 */
public class SettleLoad {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int persons = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        String seed = args.length > 5 ? args[5] : Long.toString(System.nanoTime());
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();
        run(client, base, Math.max(50, rate / 2), warmup, persons, seed + "w", false);
        run(client, base, rate, seconds, persons, seed, true);
        System.exit(0);
    }

    static void run(HttpClient client, String base, int rate, int seconds, int persons, String seed, boolean report) throws Exception {
        int total = rate * seconds;
        long[] latencyMicros = new long[total];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int n = i;
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/settlements")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(seed, n, persons))).build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencyMicros[n] = (System.nanoTime() - scheduled) / 1000;
                if (e == null && r.statusCode() == 201) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!report) {
            return;
        }
        Arrays.sort(latencyMicros);
        System.out.printf("rate %d/s for %d s: %d ok, %d failed, %.0f answers/s; latency from schedule p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                rate, seconds, ok.get(), failed.get(), total / elapsed, p(latencyMicros, 0.50), p(latencyMicros, 0.90), p(latencyMicros, 0.99),
                p(latencyMicros, 0.999), latencyMicros[total - 1] / 1000.0);
    }

    static double p(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }

    static String body(String seed, int n, int persons) {
        String person = personRef("p" + (n * 7919L % persons));
        int month = 1 + n % 10;
        int day = 1 + n % 28;
        long burden = 500 + (n * 37L % 5000);
        return "{\"hospitalId\":\"H36040200001\",\"messageId\":\"m-" + seed + "-" + n + "\",\"hospitalSettlementRef\":\"r-" + seed + "-" + n
                + "\",\"personRef\":\"" + person + "\",\"regionCode\":\"360402\",\"insuranceType\":\"RESIDENT\",\"visitType\":\"INPATIENT\","
                + "\"hospitalLevel\":\"SECONDARY\",\"location\":\"IN_REGION\",\"referred\":false,\"admissionDate\":\"2026-"
                + String.format("%02d-%02d", month, day) + "\",\"dischargeDate\":\"2026-" + String.format("%02d-%02d", month, day)
                + "\",\"costs\":{\"totalCost\":\"" + (burden + 10000) + ".00\",\"inScope\":\"" + (burden + 10000)
                + ".00\",\"partlySelfPaid\":\"0\",\"outOfCatalogue\":\"0\"},\"bedDays\":3,\"upstream\":{\"hifpPay\":\"10000.00\",\"hifmiPay\":\"0\"}}";
    }

    static String personRef(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
