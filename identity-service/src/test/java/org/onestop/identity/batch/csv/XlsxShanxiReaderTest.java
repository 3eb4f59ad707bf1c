package org.onestop.identity.batch.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onestop.identity.batch.IdentityRecord;
import org.onestop.identity.batch.RowReason;

/** The 附件3 list saved by Excel/WPS as .xlsx goes through the same row pipeline as the CSV export. */
class XlsxShanxiReaderTest {

    static final ShanxiCsvReader.FileContext CONTEXT = new ShanxiCsvReader.FileContext("DIBAO", "140105", "2024-03-01");

    @TempDir
    Path dir;

    /** Writes one sheet: row 1 the form's title, row 2 the header, then {@code rows} (each cell a String, Number or date). */
    static Path sheet(Path file, List<List<Object>> rows) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "test", "1.0");
            Worksheet ws = wb.newWorksheet("Sheet1");
            ws.value(0, 0, "太原市小店区城乡低保动态调整名单");
            List<String> header = ShanxiCsvReader.ADJUSTMENT_COLUMNS;
            for (int c = 0; c < header.size(); c++) {
                ws.value(1, c, header.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Object> cells = rows.get(r);
                for (int c = 0; c < cells.size(); c++) {
                    Object v = cells.get(c);
                    if (v instanceof String s && !s.isEmpty()) {
                        ws.value(r + 2, c, s);
                    } else if (v instanceof Number n) {
                        ws.value(r + 2, c, n);
                    } else if (v instanceof LocalDate d) {
                        ws.value(r + 2, c, d);
                        ws.style(r + 2, c).format("yyyy-mm-dd").set();
                    }
                }
            }
            wb.finish();
        }
        return file;
    }

    static List<IdentityRecord> read(Path file) throws IOException {
        try (ShanxiCsvReader r = ShanxiCsvReader.openXlsx(file, 4096, CONTEXT)) {
            List<IdentityRecord> out = new ArrayList<>();
            for (IdentityRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
            return out;
        }
    }

    @Test
    void rowsKeepTheSheetsRowNumbersAndMembersInheritTheHead() throws IOException {
        Path file = sheet(dir.resolve("list.xlsx"), List.of(
                List.of("小店镇", "北格村", "张三", "14010519800101001X", 3, "张三", "14010519800101001X", "新识别", "2024-03-01"),
                List.of("", "", "", "", "", "李四", "140105198203030022", "自然增加", LocalDate.of(2024, 4, 1))));
        List<IdentityRecord> rows = read(file);
        assertThat(rows).hasSize(2);
        // title on sheet row 1, header on row 2: the data rows are rows 3 and 4 as Excel numbers them
        assertThat(rows.get(0).rowNo()).isEqualTo(3);
        assertThat(rows.get(0).idNumber()).isEqualTo("14010519800101001X");
        assertThat(rows.get(0).parseProblem()).isNull();
        assertThat(rows.get(1).rowNo()).isEqualTo(4);
        assertThat(rows.get(1).name()).isEqualTo("李四");
        assertThat(rows.get(1).householdHeadIdNumber()).isEqualTo("14010519800101001X");
        // a date cell is a serial number in the file; the row gets the date the clerk sees
        assertThat(rows.get(1).startDate()).isEqualTo("2024-04-01");
        assertThat(rows.get(1).parseProblem()).isNull();
    }

    @Test
    void anIdNumberInANumberCellIsRefusedWithTheReasonSaid() throws IOException {
        Path file = sheet(dir.resolve("numbers.xlsx"), List.of(
                List.of("小店镇", "北格村", "王五", "140105198001010011", 2, "王五", "140105198001010011", "新识别", "2024-03-01"),
                List.of("", "", "", "", "", "王小", 1.40105201005050E17, "自然增加", "2024-04-01")));
        List<IdentityRecord> rows = read(file);
        assertThat(rows.get(0).parseProblem()).isNull();
        assertThat(rows.get(1).rowNo()).isEqualTo(4);
        assertThat(rows.get(1).parseProblem()).isEqualTo(RowReason.ID_NUMBER_CELL);
    }

    @Test
    void membersOfAHeadWhoseNumberIsANumberCellAreRefusedToo() throws IOException {
        // the head's number lost its last digits: the members' household link would point at someone else
        Path file = sheet(dir.resolve("head.xlsx"), List.of(
                List.of("小店镇", "北格村", "赵六", 1.40105198001010E17, 2, "", "", "新识别", "2024-03-01"),
                List.of("", "", "", "", "", "赵小", "140105201005050033", "自然增加", "2024-04-01")));
        List<IdentityRecord> rows = read(file);
        assertThat(rows).extracting(IdentityRecord::parseProblem)
                .containsExactly(RowReason.ID_NUMBER_CELL, RowReason.ID_NUMBER_CELL);
    }

    @Test
    void aZipThatIsNoWorkbookIsRefusedAsUnreadable() throws IOException {
        Path file = Files.write(dir.resolve("bad.xlsx"), "PK\u0003\u0004not really a zip".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> read(file)).isInstanceOfSatisfying(CsvLayoutException.class,
                e -> assertThat(e.code()).isEqualTo("XLSX_UNREADABLE"));
    }
}
