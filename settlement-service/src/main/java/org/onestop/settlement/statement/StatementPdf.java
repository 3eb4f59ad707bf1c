package org.onestop.settlement.statement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The statement as PDF: Chromium (Debian's {@code chromium}) prints the same HTML a browser shows, with
 * {@code --print-to-pdf} and no header or footer, so the PDF is exactly the page's print layout (A4, the template's
 * {@code @page}). Chosen over a Java HTML-to-PDF library because the page is already tested in Chromium and
 * Chromium's text shaping and CJK fonts (fonts-noto-cjk) are the ones the cashier's own browser uses. Each print is a
 * short-lived browser process in a temporary profile, at most {@code pdf-concurrency} at once, off the event loop.
 */
@Component
public class StatementPdf {

    /** Chromium is not installed or failed: the caller answers 503, the HTML statement still works. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StatementPdf.class);

    private final String chromium;
    private final Duration timeout;
    private final Semaphore slots;

    StatementPdf(StatementProperties properties) {
        this.chromium = properties.chromium();
        this.timeout = properties.pdfTimeout();
        this.slots = new Semaphore(Math.max(1, properties.pdfConcurrency()));
    }

    /** The PDF of {@code html}; fails with {@link UnavailableException} when Chromium is missing, fails or times out. */
    public Mono<byte[]> print(String html) {
        return Mono.fromCallable(() -> printBlocking(html)).subscribeOn(Schedulers.boundedElastic())
                .doOnError(UnavailableException.class, e -> log.warn("statement PDF not printed: {}", e.getMessage()));
    }

    byte[] printBlocking(String html) {
        Path dir = null;
        boolean acquired = false;
        try {
            acquired = slots.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!acquired) {
                throw new UnavailableException("PDF printer busy", null);
            }
            dir = Files.createTempDirectory("statement-pdf");
            Path page = Files.writeString(dir.resolve("statement.html"), html, StandardCharsets.UTF_8);
            Path pdf = dir.resolve("statement.pdf");
            Process p = new ProcessBuilder(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--no-pdf-header-footer",
                    "--print-to-pdf=" + pdf, page.toUri().toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new UnavailableException("Chromium did not print within " + timeout, null);
            }
            if (p.exitValue() != 0 || !Files.exists(pdf) || Files.size(pdf) == 0) {
                throw new UnavailableException("Chromium exited with " + p.exitValue() + " and no PDF", null);
            }
            return Files.readAllBytes(pdf);
        } catch (IOException e) {
            throw new UnavailableException("Chromium (" + chromium + ") cannot be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted", e);
        } finally {
            if (acquired) {
                slots.release();
            }
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless; the answer is not
        }
    }
}
