package org.onestop.infra.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the tests that drive a browser find Debian's headless Chromium and its chromedriver (both installed by .ci/run):
 * the statement tests print with Chromium, the console's browser test drives it through chromedriver. One list, so a
 * machine that keeps them elsewhere is taught once.
 */
public final class Browsers {

    /** Debian's {@code chromium}, Ubuntu's older {@code chromium-browser}, Google's build. */
    public static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    /** Debian's {@code chromium-driver} puts it in /usr/bin; older packages kept it beside the browser. */
    public static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private Browsers() {
    }

    /** The first installed Chromium, if any. */
    public static Optional<String> chromium() {
        return firstExecutable(CHROMIUM);
    }

    /** The first installed chromedriver, if any. */
    public static Optional<String> chromedriver() {
        return firstExecutable(CHROMEDRIVER);
    }

    private static Optional<String> firstExecutable(List<String> paths) {
        return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}
