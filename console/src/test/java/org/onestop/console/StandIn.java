package org.onestop.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server as a stand-in for the gateway in the console's tests. Each answer closes its connection and every
 * exchange runs on a thread of its own: a CI run once hung a sign-in for 60 s on a kept-alive connection of a stand-in
 * served by its one dispatcher thread, which the console's own client had no reason to distrust.
 */
public final class StandIn {

    private StandIn() {
    }

    /** A server on a free loopback port, not yet started, serving each exchange on its own thread. */
    public static HttpServer server() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stand-in-gateway");
            t.setDaemon(true);
            return t;
        }));
        return server;
    }

    /** Before {@code sendResponseHeaders}: reads what is left of the request and asks for the connection to close after. */
    public static void closeAfter(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        exchange.getResponseHeaders().set("Connection", "close");
    }
}
