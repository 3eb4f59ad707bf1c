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
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
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

    /** A workbook of the given parts (name → XML), zipped as Excel does. */
    static Path parts(Path file, Map<String, String> parts) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    @Test
    void aWorkbookWrittenTheWaysExcelAndWpsWriteItIsReadAsShown() throws IOException {
        String ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
        String rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
        StringBuilder header = new StringBuilder("<row r=\"2\">");
        for (int c = 0; c < 9; c++) {
            header.append("<c t=\"s\"><v>").append(c + 1).append("</v></c>"); // no r: columns in order
        }
        StringBuilder sst = new StringBuilder("<sst " + ns + "><si><t>太原市小店区城乡低保动态调整名单</t></si>");
        for (String column : ShanxiCsvReader.ADJUSTMENT_COLUMNS) {
            sst.append("<si><t>").append(column).append("</t></si>");
        }
        // string 10: rich text in two runs plus a phonetic guide, which Excel does not show
        sst.append("<si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r><rPh sb=\"0\" eb=\"1\"><t>ZHANG</t></rPh></si></sst>");
        Path file = parts(dir.resolve("excel.xlsx"), Map.of(
                "_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"" + rel + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
                "xl/workbook.xml", "<workbook " + ns + "><workbookPr date1904=\"1\"/><sheets>"
                        + "<sheet name=\"名单\" sheetId=\"1\" r:id=\"rId7\"/><sheet name=\"说明\" sheetId=\"2\" r:id=\"rId8\"/>"
                        + "</sheets></workbook>",
                "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId8\" Type=\"" + rel + "worksheet\" Target=\"worksheets/sheet2.xml\"/>"
                        + "<Relationship Id=\"rId7\" Type=\"" + rel + "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                        + "<Relationship Id=\"rId9\" Type=\"" + rel + "sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>"
                        + "</Relationships>",
                "xl/sharedStrings.xml", sst.toString(),
                "xl/worksheets/sheet2.xml", "<worksheet " + ns + "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
                        + "<is><t>not this sheet</t></is></c></row></sheetData></worksheet>",
                "xl/worksheets/sheet1.xml", "<worksheet " + ns + "><sheetData>"
                        + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" + header + "</row>"
                        + "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>小店镇</t></is></c>"
                        + "<c r=\"B5\" t=\"inlineStr\"><is><t>北格村</t></is></c><c r=\"C5\" t=\"s\"><v>10</v></c>"
                        + "<c r=\"D5\" t=\"str\"><f>A1</f><v>14010519800101001X</v></c><c r=\"E5\"><v>1.0</v></c>"
                        + "<c r=\"F5\" s=\"3\"/><c r=\"H5\" t=\"inlineStr\"><is><t>新识别</t></is></c>"
                        + "<c r=\"I5\" s=\"4\"><v>43890</v></c></row>"
                        + "</sheetData></worksheet>"));
        List<IdentityRecord> rows = read(file);
        assertThat(rows).hasSize(1);
        IdentityRecord row = rows.get(0);
        assertThat(row.rowNo()).isEqualTo(5); // rows 3 and 4 are absent from the file: the sheet's number stays
        assertThat(row.name()).isEqualTo("张三"); // the member columns are blank: the head's name, runs joined
        assertThat(row.idNumber()).isEqualTo("14010519800101001X");
        // 1904 date system: day 0 is 1904-01-01, and 2024-03-01 is 43,890 days later
        assertThat(row.startDate()).isEqualTo("2024-03-01");
        assertThat(row.parseProblem()).isNull();
    }

    @Test
    void aSheetThatNamesAMissingSharedStringIsUnreadable() throws IOException {
        Path file = sheet(dir.resolve("list.xlsx"), List.of(
                List.of("小店镇", "北格村", "张三", "14010519800101001X", 3, "张三", "14010519800101001X", "新识别", "2024-03-01")));
        Path broken = dir.resolve("broken.xlsx");
        try (ZipFile in = new ZipFile(file.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(broken))) {
            for (var e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                // the table loses every string: the sheet's indexes point at nothing
                out.write(entry.getName().endsWith("sharedStrings.xml")
                        ? "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>".getBytes(StandardCharsets.UTF_8)
                        : in.getInputStream(entry).readAllBytes());
                out.closeEntry();
            }
        }
        assertThatThrownBy(() -> read(broken)).isInstanceOfSatisfying(CsvLayoutException.class,
                e -> assertThat(e.code()).isEqualTo("XLSX_UNREADABLE"));
    }
}
