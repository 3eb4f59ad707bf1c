package org.onestop.settlement.statement;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code onestop.settlement.statement.*}: where the statement's template comes from, how its PDF is printed and how
 * long a printing link lives.
 *
 * @param templateDir a directory holding a province's own {@code statement.html} (Thymeleaf) and optionally
 *                    {@code names.yml}; empty: the built-in template. Re-read at most every {@code templateCache}
 * @param templateCache how long a parsed template is kept before the file is read again
 * @param chromium    the Chromium executable that prints the PDF (Debian's {@code chromium}); found on PATH by name
 * @param pdfTimeout  the longest a PDF print may take before the call answers 503
 * @param pdfConcurrency how many Chromium prints may run at once (each is a browser process)
 * @param linkTtl     how long a signed printing link stays valid
 */
@ConfigurationProperties("onestop.settlement.statement")
public record StatementProperties(
        @DefaultValue("") String templateDir,
        @DefaultValue("60s") Duration templateCache,
        @DefaultValue("chromium") String chromium,
        @DefaultValue("60s") Duration pdfTimeout,
        @DefaultValue("2") int pdfConcurrency,
        @DefaultValue("5m") Duration linkTtl) {
}
