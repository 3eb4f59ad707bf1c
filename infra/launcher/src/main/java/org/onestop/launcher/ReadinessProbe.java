package org.onestop.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/** Polls a Spring Boot readiness endpoint until it reports {@code UP}. */
final class ReadinessProbe {

    private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    enum Result { READY, PROCESS_EXITED, TIMED_OUT }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One look: true if the endpoint answers 200 with status UP. Connection refused (still starting) is false. */
    boolean isReady(URI readinessUrl) {
        HttpRequest request = HttpRequest.newBuilder(readinessUrl).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && UP.matcher(response.body()).find();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Polls until ready, until {@code stillRunning} turns false (no point waiting for a process that died), or until
     * {@code timeout} passes.
     */
    Result await(URI readinessUrl, Duration timeout, BooleanSupplier stillRunning) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (isReady(readinessUrl)) {
                return Result.READY;
            }
            if (!stillRunning.getAsBoolean()) {
                return Result.PROCESS_EXITED;
            }
            if (System.nanoTime() >= deadline) {
                return Result.TIMED_OUT;
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.TIMED_OUT;
            }
        }
    }
}
