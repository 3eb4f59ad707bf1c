package org.onestop.identity.batch.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.onestop.events.ResidentIdNumber;
import org.onestop.identity.batch.IdentityRecord;

/**
 * Issue 15: does a 100,000-row XLSX need more memory than the same rows as CSV? Not a test (it is not run by
 * {@code verify}); {@code infra/scripts/xlsx-memory-bench.sh} runs it, each step in its own JVM:
 * <pre>
 *   generate DIR ROWS   writes DIR/list.xlsx and DIR/list.csv, the same Shanxi 附件3 rows (one household a row)
 *   read csv|xlsx FILE  reads FILE through ShanxiCsvReader as an upload is read, and prints rows, time, peak heap
 * </pre>
 * Peak heap is the sum of the heap pools' peak usage since a reset taken after a full GC just before the read (an
 * upper bound: the pools need not peak at the same instant), so it counts what reading the file took, not start-up.
 */
public final class XlsxMemoryBenchmark {

    private static final ShanxiCsvReader.FileContext CONTEXT = new ShanxiCsvReader.FileContext("DIBAO", "140105", "2024-03-01");

    private XlsxMemoryBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]));
            case "read" -> read(args[1], Path.of(args[2]));
            default -> throw new IllegalArgumentException("generate DIR ROWS | read csv|xlsx FILE");
        }
    }

    /** Row {@code i}'s ID number: distinct for every i below 16,800,000, valid check character. */
    static String idNumber(int i) {
        return ResidentIdNumber.withCheckChar(String.format("140105%04d%02d%02d%03d", 1950 + i % 50, 1 + (i / 50) % 12,
                1 + (i / 600) % 28, (i / 16_800) % 1000));
    }

    static void generate(Path dir, int rows) throws IOException {
        Files.createDirectories(dir);
        List<String> header = ShanxiCsvReader.ADJUSTMENT_COLUMNS;
        try (OutputStream out = Files.newOutputStream(dir.resolve("list.xlsx"));
             Writer csv = Files.newBufferedWriter(dir.resolve("list.csv"), StandardCharsets.UTF_8)) {
            Workbook wb = new Workbook(out, "onestop-bench", "1.0");
            Worksheet ws = wb.newWorksheet("Sheet1");
            ws.value(0, 0, "太原市小店区城乡低保动态调整名单");
            csv.write("太原市小店区城乡低保动态调整名单\n" + String.join(",", header) + "\n");
            for (int c = 0; c < header.size(); c++) {
                ws.value(1, c, header.get(c));
            }
            for (int i = 0; i < rows; i++) {
                String id = idNumber(i);
                String name = "张" + i;
                String[] cells = {"小店镇", "北格村", name, id, "1", name, id, "新识别", "2024-03-01"};
                for (int c = 0; c < cells.length; c++) {
                    ws.value(i + 2, c, cells[c]);
                }
                csv.write(String.join(",", cells) + "\n");
                if (i % 10_000 == 9_999) {
                    ws.flush(); // fastexcel keeps unflushed rows in memory
                }
            }
            wb.finish();
        }
        System.out.printf("generated %d rows: list.xlsx %d bytes, list.csv %d bytes%n", rows,
                Files.size(dir.resolve("list.xlsx")), Files.size(dir.resolve("list.csv")));
    }

    static void read(String format, Path file) throws IOException {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        int count = 0;
        int rejected = 0;
        try (ShanxiCsvReader reader = format.equals("xlsx") ? ShanxiCsvReader.openXlsx(file, 4096, CONTEXT)
                : ShanxiCsvReader.open(open(file), null, 4096, CONTEXT)) {
            for (IdentityRecord r = reader.next(); r != null; r = reader.next()) {
                count++;
                if (r.parseProblem() != null) {
                    rejected++;
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("%s: %d rows (%d rejected) in %d ms, peak heap %.1f MB (%.1f MB above the %.1f MB in use before),"
                        + " -Xmx %d MB%n", format, count, rejected, millis, peak / 1048576.0, (peak - before) / 1048576.0,
                before / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576);
    }

    private static InputStream open(Path file) throws IOException {
        return Files.newInputStream(file);
    }
}
