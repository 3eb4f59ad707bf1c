package org.onestop.bench;

import java.util.Locale;

/** Seconds from {@link System#nanoTime()} readings, printed with a dot whatever the locale. */
final class Timing {

    private Timing() {
    }

    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
