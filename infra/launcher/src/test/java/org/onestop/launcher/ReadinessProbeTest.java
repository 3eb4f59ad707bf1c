package org.onestop.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {

    private final ReadinessProbe probe = new ReadinessProbe();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void waitsUntilTheServiceReportsUp() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        URI url = serve(() -> calls.incrementAndGet() < 3 ? new Reply(503, "{\"status\":\"OUT_OF_SERVICE\"}") : new Reply(200, "{\"status\":\"UP\"}"));

        assertThat(probe.await(url, Duration.ofSeconds(10), () -> true)).isEqualTo(ReadinessProbe.Result.READY);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void stopsWaitingAsSoonAsTheProcessHasExited() throws IOException {
        URI url = serve(() -> new Reply(503, "{\"status\":\"DOWN\"}"));

        assertThat(probe.await(url, Duration.ofSeconds(30), () -> false)).isEqualTo(ReadinessProbe.Result.PROCESS_EXITED);
    }

    @Test
    void givesUpAfterTheTimeoutWhenNothingListens() {
        URI nothing = URI.create("http://localhost:1/actuator/health/readiness");

        assertThat(probe.await(nothing, Duration.ofMillis(600), () -> true)).isEqualTo(ReadinessProbe.Result.TIMED_OUT);
    }

    @Test
    void doesNotMistakeAnotherStatusForUp() throws IOException {
        URI url = serve(() -> new Reply(200, "{\"status\":\"UNKNOWN\",\"components\":{\"x\":\"UP\"}}"));

        assertThat(probe.isReady(url)).isFalse();
    }

    private record Reply(int status, String body) {
    }

    private URI serve(java.util.function.Supplier<Reply> replies) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            Reply reply = replies.get();
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/actuator/health/readiness");
    }
}
