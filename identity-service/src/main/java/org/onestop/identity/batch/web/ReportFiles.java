package org.onestop.identity.batch.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.onestop.identity.batch.RowReport;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A batch's row report as a file the clerk opens in Excel or WPS: CSV (UTF-8 with a BOM, so Excel does not read the
 * Chinese as GBK) or XLSX (written as a stream by fastexcel into a temporary file, then sent; never the whole
 * report in memory). The same columns as the JSON rows; the ID number masked as there.
 */
final class ReportFiles {

    static final List<String> COLUMNS = List.of("行号", "记录", "状态", "原因代码", "原因", "身份证号码(脱敏)", "人员编号",
            "对象类别", "调整类型");
    private static final int FLUSH_EVERY = 1000;

    private ReportFiles() {
    }

    static List<String> cells(RowReport r) {
        return Arrays.asList(Integer.toString(r.rowNumber()), r.recordReference(),
                RowReport.ACCEPTED.equals(r.status()) ? "接收" : "拒绝", r.reasonCode(), r.reason(), r.maskedIdNumber(),
                r.personRef(), r.identityType(), r.change());
    }

    static Flux<DataBuffer> csv(Flux<RowReport> rows, DataBufferFactory factory) {
        Flux<String> lines = Flux.concat(Flux.just("\uFEFF" + line(COLUMNS)), rows.map(r -> line(cells(r))));
        return lines.map(l -> factory.wrap(l.getBytes(StandardCharsets.UTF_8)));
    }

    private static String line(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(csvCell(cells.get(i)));
        }
        return b.append("\r\n").toString();
    }

    /**
     * RFC 4180 quoting; a cell a spreadsheet would run as a formula (= + - @, e.g. a partner's own record reference)
     * gets a leading apostrophe so opening the report cannot execute it.
     */
    static String csvCell(String value) {
        if (value == null) {
            return "";
        }
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    static Flux<DataBuffer> xlsx(Flux<RowReport> rows, DataBufferFactory factory) {
        return Mono.fromCallable(() -> Files.createTempFile("identity-report-", ".xlsx"))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(file -> write(rows, file)
                        .thenMany(DataBufferUtils.read(file, factory, 65536))
                        .doFinally(signal -> delete(file)));
    }

    private static Mono<Void> write(Flux<RowReport> rows, Path file) {
        return Mono.fromCallable(() -> new Writer(file)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(w -> rows.publishOn(Schedulers.boundedElastic()).doOnNext(w::add)
                        .then(Mono.fromRunnable(w::finish))
                        .doOnError(e -> w.abort())
                        .then());
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file left in java.io.tmpdir; it holds masked numbers only
        }
    }

    /** One sheet, header row then the report rows, flushed to the file every {@value #FLUSH_EVERY} rows. */
    private static final class Writer {
        private final OutputStream out;
        private final Workbook workbook;
        private final Worksheet sheet;
        private int row;

        Writer(Path file) throws IOException {
            out = Files.newOutputStream(file);
            workbook = new Workbook(out, "OneStop", "1.0");
            sheet = workbook.newWorksheet("批次报告");
            for (int c = 0; c < COLUMNS.size(); c++) {
                sheet.value(0, c, COLUMNS.get(c));
            }
            row = 1;
        }

        void add(RowReport r) {
            List<String> cells = cells(r);
            sheet.value(row, 0, r.rowNumber());
            for (int c = 1; c < cells.size(); c++) {
                if (cells.get(c) != null) {
                    sheet.value(row, c, cells.get(c)); // text cells: an XLSX string is never run as a formula
                }
            }
            row++;
            if (row % FLUSH_EVERY == 0) {
                try {
                    sheet.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        void finish() {
            try {
                workbook.finish();
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void abort() {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted next
            }
        }
    }
}
