package org.onestop.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before a server binds, so a clash is reported by name instead of as a bind stack trace. */
final class FreePorts {

    private FreePorts() {
    }

    /** A port the operating system considers free right now (another process may still take it before we bind). */
    static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on the loopback interface", e);
        }
    }

    /** Whether nothing listens on {@code port} of the loopback interface right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message naming {@code what} if something already listens on {@code port}. */
    static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new IllegalStateException(what + " cannot use port " + port + ": it is already in use (is another "
                    + "launcher, broker or database still running?)", e);
        }
    }
}
