package org.onestop.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of our own identity and settlement services for gateway tests: answers like them, remembers every request it
 * got (so a test can say "nothing reached the service"). Settlement {@code 1111…} belongs to H370602001 (Yantai),
 * {@code 2222…} to H360402001 (Jiujiang).
 */
final class StubServices implements AutoCloseable {

    static final String YANTAI_SETTLEMENT = "11111111-1111-1111-1111-111111111111";
    static final String JIUJIANG_SETTLEMENT = "22222222-2222-2222-2222-222222222222";

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern HOSPITAL = Pattern.compile("\"hospitalId\"\\s*:\\s*\"([^\"]*)\"");

    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int slowMillis = 0;
    private final HttpServer server;

    StubServices() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> writes() {
        return received.stream().filter(r -> !r.method().equals("GET")).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String path = ex.getRequestURI().getRawPath();
        received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()), body));
        if (slowMillis > 0) {
            try {
                Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String method = ex.getRequestMethod();
        if (method.equals("POST") && (path.equals("/api/v1/settlements") || path.equals("/api/v1/settlements/preview"))) {
            Matcher m = HOSPITAL.matcher(new String(body, StandardCharsets.UTF_8));
            String hospital = m.find() ? m.group(1) : "";
            respond(ex, path.endsWith("preview") ? 200 : 201, "{\"settlementId\":\"" + JIUJIANG_SETTLEMENT
                    + "\",\"status\":\"SETTLED\",\"hospitalId\":\"" + hospital + "\"}");
        } else if (path.equals("/api/v1/hsa")) {
            respond(ex, 200, "{\"infcode\":0,\"err_msg\":null,\"output\":{}}");
        } else if (method.equals("GET") && path.equals("/api/v1/settlements")) {
            // a lookup by messageId or hospitalSettlementRef: the Jiujiang hospital's settlement
            respond(ex, 200, "{\"settlementId\":\"" + JIUJIANG_SETTLEMENT + "\",\"status\":\"SETTLED\",\"hospitalId\":\"H360402001\"}");
        } else if (path.startsWith("/api/v1/settlements/")) {
            String id = path.split("/")[4];
            String owner = id.equals(YANTAI_SETTLEMENT) ? "H370602001" : id.equals(JIUJIANG_SETTLEMENT) ? "H360402001" : null;
            if (owner == null) {
                respond(ex, 404, "{\"status\":404,\"code\":\"not-found\"}");
            } else {
                respond(ex, 200, "{\"settlementId\":\"" + id + "\",\"status\":\"" + (path.endsWith("/cancel") ? "CANCELLED" : "SETTLED")
                        + "\",\"hospitalId\":\"" + owner + "\"}");
            }
        } else if (path.startsWith("/print/statements/")) {
            respond(ex, 200, "{\"statement\":\"stub\"}");
        } else if (path.startsWith("/api/v1/identity/batches")) {
            respond(ex, method.equals("POST") ? 201 : 200, "{\"batchId\":\"b-1\",\"department\":\"CIVIL_AFFAIRS\"}");
        } else if (method.equals("GET") && path.endsWith("/operations/status")) {
            respond(ex, 200, "{\"service\":\"stub\",\"consumers\":[]}");
        } else if (path.startsWith("/api/v1/identity/persons")) {
            respond(ex, 200, "{\"personRef\":\"x\",\"identities\":[]}");
        } else {
            respond(ex, 404, "{\"status\":404}");
        }
    }

    private static void respond(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
