package org.onestop.infra.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Chooses a launcher port offset ({@code ONESTOP_PORT_OFFSET}) for a test that starts the whole suite on ports of its own.
 *
 * <p>Every port the launcher opens must lie <em>below</em> the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768–60999 on Linux by default): a port inside it can be taken, while a
 * service is still starting, by any outgoing connection on the machine (a Kafka client, a JDBC pool), and the service then
 * fails with "port already in use". A check that the port is free a minute earlier does not protect against that; staying
 * out of the range does. (CI's stop-22 run lost settlement-service-2 on port 57182 this way.)
 */
public final class PortOffsets {

    /** The ports the launcher opens at offset 0 with two replicas: the services and the console, their replicas, the broker and the database. */
    public static final List<Integer> LAUNCHER_PORTS = List.copyOf(launcherPorts());

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

    private PortOffsets() {
    }

    /**
     * The first of {@code candidates}, in random order, whose every launcher port is below the ephemeral range and free now.
     *
     * @throws IllegalStateException if none is
     */
    public static int free(List<Integer> candidates) {
        List<Integer> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled);
        int ceiling = ephemeralLow();
        for (int candidate : shuffled) {
            if (LAUNCHER_PORTS.stream().allMatch(port -> port + candidate < ceiling && FreePorts.isFree(port + candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No port offset among " + candidates + " has all of the launcher's ports free and below "
                + ceiling + " (the kernel's ephemeral range starts there)");
    }

    /**
     * A port free now and below the ephemeral range, for a child process a test starts and that binds it only seconds later
     * (a port the kernel hands out for {@code new ServerSocket(0)} is inside the range, open to the same race).
     */
    public static int freePort() {
        int ceiling = ephemeralLow();
        ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(10_000, ceiling);
            if (FreePorts.isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port between 10000 and " + ceiling);
    }

    /** The lowest port of the kernel's ephemeral range; 32768 where the kernel does not say. */
    public static int ephemeralLow() {
        // a reader, not Files.readString: some kernels (gVisor) report a size for /proc files that cuts that read short
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            int low = Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            return low >= 1_024 ? low : DEFAULT_EPHEMERAL_LOW;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    private static List<Integer> launcherPorts() {
        List<Integer> ports = new ArrayList<>(List.of(9092, 5433));
        IntStream.rangeClosed(8080, 8085).forEach(port -> {
            ports.add(port);
            ports.add(port + 100);
        });
        return ports;
    }
}
