package org.onestop.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.onestop.infra.embedded.Browsers;

/**
 * Headless Chromium (Debian's {@code chromium}) as the statement tests drive it: the DOM a browser builds from a page,
 * and what a PDF holds (pages, text) as PDFBox reads it. Tests skip, saying so, when no Chromium is installed (CI
 * installs it: .ci/run).
 */
public final class Chromium {

    /**
     * A word of Latin letters on a printed statement that is not a code: codes are the settlement id (hex with
     * hyphens), the hospital code (a letter and digits), field codes with underscores or digits. Anything else
     * (SECONDARY, assumed, BASIC, jiujiang) is a word that should have been Chinese.
     */
    public static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z0-9_\\-]*[A-Za-z]{2,}[A-Za-z0-9_\\-]*");

    private Chromium() {
    }

    /** The browser's path (the one list of places: {@link Browsers}), or null when none is installed. */
    public static String browser() {
        return Browsers.chromium().orElse(null);
    }

    /** The DOM Chromium builds from {@code html} (served from a file, as a browser opens a saved page). */
    public static String dumpDom(String browser, byte[] html) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("chromium-test");
        Path page = Files.write(dir.resolve("statement.html"), html);
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("profile"), "--dump-dom", page.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return dom;
    }

    /** Chromium's print of {@code html} to PDF (A4 by the page's {@code @page}, no header or footer). */
    public static byte[] printPdf(String browser, byte[] html) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("chromium-test");
        Path page = Files.write(dir.resolve("statement.html"), html);
        Path pdf = dir.resolve("statement.pdf");
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("profile"), "--no-pdf-header-footer", "--print-to-pdf=" + pdf, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return Files.readAllBytes(pdf);
    }

    public static int pages(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        }
    }

    /** The text a reader copies out of the PDF (what was printed, glyphs mapped back to characters). */
    public static String text(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** The visible text of a dumped DOM: tags, the head (title, style) and comments removed. */
    public static String visibleText(String dom) {
        String body = dom.replaceAll("(?s)<head>.*?</head>", "").replaceAll("(?s)<!--.*?-->", "");
        return body.replaceAll("(?s)<[^>]*>", " ").replace("&nbsp;", " ").replace("&amp;", "&");
    }

    /** The text between {@code from} and the next {@code to}. */
    public static String between(String s, String from, String to) {
        int i = s.indexOf(from);
        assertThat(i).as("finds " + from).isGreaterThanOrEqualTo(0);
        int j = s.indexOf(to, i + from.length());
        return s.substring(i + from.length(), j);
    }

    /** Every Latin word in {@code text} that is not a code (see {@link #LATIN_WORD}). */
    public static List<String> latinWords(String text, List<String> codes) {
        Matcher m = LATIN_WORD.matcher(text);
        List<String> words = new ArrayList<>();
        while (m.find()) {
            String w = m.group();
            if (codes.stream().noneMatch(w::equals) && !w.matches(".*\\d.*") && !w.contains("_")) {
                words.add(w);
            }
        }
        return words;
    }
}
