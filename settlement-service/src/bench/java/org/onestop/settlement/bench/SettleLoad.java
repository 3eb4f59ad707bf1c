package org.onestop.settlement.bench;

import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load at a fixed rate against POST /api/v1/settlements: requests are sent on a schedule whatever the
 * answers do, and each latency is measured from the request's SCHEDULED time, so a stall is not hidden
 * (no coordinated omission). Every request is a new settlement (unique message id and reference) of one of
 * {@code persons} people in Jiujiang, with upstream insurance. Only JDK classes: run it as a single source file.
 *
 * <pre>java SettleLoad.java http://localhost:8082 500 60 10000 [warmupSeconds] [seed] [connections]</pre>
 *
 * <p>Gateway overhead (docs/benchmarks.md): with {@code -Dcompare=http://localhost:8080 -Dtoken=<bearer>} the requests
 * alternate between the first base (straight to the service) and the compare base (the gateway, with the token), on one
 * schedule, so both paths see the same machine at the same moment; each path gets half the rate and its own
 * percentiles. {@code -Dpath=/api/v1/settlements/preview} previews instead of settling (nothing stored);
 * {@code -Dhospital=H360402001} names the hospital in the bodies (the token's institution, for the gateway path).
 * {@code -DdirectToken=<internal token>} is sent on the straight path, as the gateway would send one
 * ({@code infra/scripts/InternalToken.java}); it lives 60 s at most, so a run with its warm-up must be shorter.
 *
 * <p>Closed loop (issue 17, the figure compared with pgbench's ceiling at the same concurrency): with the rate given as
 * {@code closed}, each of the {@code connections} workers sends its next request as soon as its last one is answered,
 * for the warm-up and then the measured seconds, and the driver prints the answers per second.
 */
public class SettleLoad {

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        if (args[1].equals("closed")) {
            closed(base, Integer.parseInt(args[2]), Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 10,
                    args.length > 5 ? args[5] : Long.toString(System.nanoTime()), args.length > 6 ? Integer.parseInt(args[6]) : 16);
            System.exit(0);
        }
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int persons = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        String seed = args.length > 5 ? args[5] : Long.toString(System.nanoTime());
        int connections = args.length > 6 ? Integer.parseInt(args[6]) : 32;
        run(base, Math.max(50, rate / 2), warmup, persons, seed + "w", connections, false);
        run(base, rate, seconds, persons, seed, connections, true);
        System.exit(0);
    }

    /**
     * A scheduler thread releases request i at {@code start + i / rate}; {@code connections} workers, each with one
     * persistent HTTP/1.1 connection, take released requests in order. A request waiting for a free worker is late,
     * and its latency (from the schedule) says so. Plain sockets keep the driver's own CPU small on a 2-core machine.
     */
    static final String PATH = System.getProperty("path", "/api/v1/settlements");
    static final String HOSPITAL = System.getProperty("hospital", "H36040200001");
    static final URI COMPARE = System.getProperty("compare") == null ? null : URI.create(System.getProperty("compare"));
    static final String TOKEN = System.getProperty("token");
    /** The internal token of the straight path (the service admits no call without one; at most 60 s of life). */
    static final String DIRECT_TOKEN = System.getProperty("directToken");

    static void run(URI base, int rate, int seconds, int persons, String seed, int connections, boolean report) throws Exception {
        int total = rate * seconds;
        long[] latencyMicros = new long[total];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger[] okBy = {new AtomicInteger(), new AtomicInteger()};
        java.util.concurrent.LinkedBlockingQueue<long[]> released = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(total);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        for (int w = 0; w < connections; w++) {
            Thread worker = new Thread(() -> {
                Connection c = null;
                Connection g = null;
                while (true) {
                    long[] job;
                    try {
                        job = released.take();
                    } catch (InterruptedException e) {
                        return;
                    }
                    int n = (int) job[0];
                    boolean viaCompare = COMPARE != null && n % 2 == 1;
                    int status;
                    try {
                        if (viaCompare) {
                            if (g == null) {
                                g = new Connection(COMPARE, TOKEN);
                            }
                            status = g.post(PATH, body(seed, n, persons));
                        } else {
                            if (c == null) {
                                c = new Connection(base, DIRECT_TOKEN);
                            }
                            status = c.post(PATH, body(seed, n, persons));
                        }
                    } catch (Exception e) {
                        status = -1;
                        if (viaCompare && g != null) {
                            g.close();
                            g = null;
                        } else if (!viaCompare && c != null) {
                            c.close();
                            c = null;
                        }
                    }
                    latencyMicros[n] = (System.nanoTime() - job[1]) / 1000;
                    if (status >= 200 && status < 300) {
                        ok.incrementAndGet();
                        okBy[viaCompare ? 1 : 0].incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                    finished.countDown();
                }
            });
            worker.setDaemon(true);
            worker.start();
        }
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            released.add(new long[] {i, scheduled});
        }
        finished.await(180, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!report) {
            return;
        }
        if (COMPARE != null) {
            long[][] by = {new long[(total + 1) / 2], new long[total / 2]};
            for (int i = 0; i < total; i++) {
                by[i % 2][i / 2] = latencyMicros[i];
            }
            String[] names = {"direct  " + base, "gateway " + COMPARE};
            for (int k = 0; k < 2; k++) {
                Arrays.sort(by[k]);
                System.out.printf("%s %s: %d/s, %d ok, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n", names[k],
                        PATH, rate / 2, okBy[k].get(), p(by[k], 0.50), p(by[k], 0.90), p(by[k], 0.99), p(by[k], 0.999),
                        by[k][by[k].length - 1] / 1000.0);
            }
            System.out.printf("gateway adds: p50 %+.2f ms, p90 %+.2f ms, p99 %+.2f ms (failed: %d)%n", p(by[1], 0.50) - p(by[0], 0.50),
                    p(by[1], 0.90) - p(by[0], 0.90), p(by[1], 0.99) - p(by[0], 0.99), failed.get());
            return;
        }
        Arrays.sort(latencyMicros);
        System.out.printf("rate %d/s for %d s over %d connections: %d ok (2xx), %d failed, %.0f answers/s; latency from schedule "
                        + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                rate, seconds, connections, ok.get(), failed.get(), total / elapsed, p(latencyMicros, 0.50), p(latencyMicros, 0.90),
                p(latencyMicros, 0.99), p(latencyMicros, 0.999), latencyMicros[total - 1] / 1000.0);
    }

    /**
     * {@code connections} workers, each on its own persistent connection, send back to back: the warm-up seconds
     * unreported, then the measured seconds, counting the answers that arrive within them.
     */
    static void closed(URI base, int seconds, int persons, int warmup, String seed, int connections) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[connections];
        for (int w = 0; w < connections; w++) {
            workers[w] = new Thread(() -> {
                Connection c = null;
                while (System.nanoTime() < end) {
                    int status;
                    try {
                        if (c == null) {
                            c = new Connection(base, DIRECT_TOKEN);
                        }
                        status = c.post(PATH, body(seed, next.getAndIncrement(), persons));
                    } catch (Exception e) {
                        status = -1;
                        if (c != null) {
                            c.close();
                            c = null;
                        }
                    }
                    long now = System.nanoTime();
                    if (now >= measureFrom && now < end) {
                        (status >= 200 && status < 300 ? ok : failed).incrementAndGet();
                    }
                }
            });
            workers[w].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.printf("closed loop, %d connections, %d s: %d ok (2xx), %d failed, %.1f answers/s%n", connections, seconds,
                ok.get(), failed.get(), ok.get() / (double) seconds);
    }

    /** One persistent HTTP/1.1 connection: writes a POST, reads the status line, headers and Content-Length body. */
    static final class Connection {
        private final java.net.Socket socket;
        private final java.io.InputStream in;
        private final java.io.OutputStream out;
        private final String host;
        private final String authorization;

        Connection(URI base, String token) throws java.io.IOException {
            authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
            socket = new java.net.Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
            host = base.getHost() + ":" + base.getPort();
        }

        int post(String path, String json) throws java.io.IOException {
            byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + authorization + "Content-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            int length = 0;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    in.readNBytes(size);
                    line();
                }
                line();
            } else {
                in.readNBytes(length);
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        private String line() throws java.io.IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            if (c == -1 && b.isEmpty()) {
                throw new java.io.EOFException();
            }
            return b.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (java.io.IOException e) {
                // closing anyway
            }
        }
    }

    static double p(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
    }

    static String body(String seed, int n, int persons) {
        String person = personRef("p" + (n * 7919L % persons));
        int month = 1 + n % 10;
        int day = 1 + n % 28;
        long burden = 500 + (n * 37L % 5000);
        return "{\"hospitalId\":\"" + HOSPITAL + "\",\"messageId\":\"m-" + seed + "-" + n + "\",\"hospitalSettlementRef\":\"r-" + seed + "-" + n
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
