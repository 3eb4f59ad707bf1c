package org.onestop.identity.batch.csv;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The first sheet of an XLSX workbook as rows of text, streamed: the JDK's {@link ZipFile} reads the spooled file's
 * parts, its StAX parser reads the sheet's XML row by row, and the shared-strings table goes to a temporary file
 * ({@link SharedStrings}), so reading holds one row and a small cache whatever the sheet's size, as the CSV path does
 * (issue 15, docs/benchmarks.md). Number cells are marked so an ID number typed as a number can be refused (it lost
 * its last digits); a number in the date column is Excel's date serial.
 */
final class XlsxRowSource implements RowSource {

    /** The column of 附件3's 动态调整时间: a date cell there is a serial number, read as the date it shows. */
    private static final int DATE_COLUMN = 8;
    private static final String OFFICE_DOCUMENT = "/officeDocument";
    private static final String SHARED_STRINGS = "/sharedStrings";
    private static final XMLInputFactory XML = factory();

    private final ZipFile zip;
    private final SharedStrings strings;
    private final XMLStreamReader sheet;
    private final boolean date1904;
    private final int maxChars;
    private int lastRow;

    private XlsxRowSource(ZipFile zip, SharedStrings strings, XMLStreamReader sheet, boolean date1904, int maxChars) {
        this.zip = zip;
        this.strings = strings;
        this.sheet = sheet;
        this.date1904 = date1904;
        this.maxChars = maxChars;
    }

    /**
     * The JDK's own StAX parser (not whichever the class path offers: the lookup scans every jar, and the one found
     * would change with the dependencies); no DTDs, no external entities: a workbook is data from outside.
     */
    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    static XMLStreamReader xml(InputStream in) throws XMLStreamException {
        return XML.createXMLStreamReader(in);
    }

    /** Opens the workbook's first sheet (from a file: the zip's directory is read, no part is loaded whole). */
    static XlsxRowSource open(Path file, int maxChars) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw unreadable();
        }
        SharedStrings strings = null;
        try {
            String workbook = target(zip, "", "_rels/.rels", OFFICE_DOCUMENT, "xl/workbook.xml");
            String dir = workbook.contains("/") ? workbook.substring(0, workbook.lastIndexOf('/') + 1) : "";
            String workbookRels = dir + "_rels/" + workbook.substring(dir.length()) + ".rels";
            Map<String, String> parts = relationships(zip, dir, workbookRels);
            FirstSheet first = firstSheet(zip, workbook);
            String sheetPart = parts.get(first.relationshipId());
            if (sheetPart == null || zip.getEntry(sheetPart) == null) {
                throw unreadable();
            }
            String sst = parts.get(SHARED_STRINGS);
            strings = sst == null || zip.getEntry(sst) == null ? SharedStrings.none()
                    : SharedStrings.read(zip.getInputStream(zip.getEntry(sst)), maxChars);
            return new XlsxRowSource(zip, strings, xml(zip.getInputStream(zip.getEntry(sheetPart))), first.date1904(),
                    maxChars);
        } catch (IOException | XMLStreamException | RuntimeException e) {
            if (strings != null) {
                strings.close();
            }
            zip.close();
            throw e instanceof CsvLayoutException layout ? layout : unreadable();
        }
    }

    private static CsvLayoutException unreadable() {
        return new CsvLayoutException("XLSX_UNREADABLE",
                "无法读取该Excel文件(.xlsx),请用Excel或WPS另存为.xlsx或CSV后重新上传 (not a readable XLSX workbook)",
                ShanxiCsvReader.ADJUSTMENT_COLUMNS, List.of());
    }

    /** The target of the first relationship of {@code type} in a .rels part, or {@code fallback}. */
    private static String target(ZipFile zip, String dir, String rels, String type, String fallback)
            throws IOException, XMLStreamException {
        String found = relationships(zip, dir, rels).get(type);
        return found == null ? fallback : found;
    }

    /**
     * A .rels part as id → part name, plus the first target of each type under the type's last segment
     * ({@code /sharedStrings}); targets relative to {@code dir} or absolute ({@code /xl/…}).
     */
    private static Map<String, String> relationships(ZipFile zip, String dir, String rels)
            throws IOException, XMLStreamException {
        Map<String, String> out = new HashMap<>();
        ZipEntry entry = zip.getEntry(rels);
        if (entry == null) {
            return out;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            XMLStreamReader r = xml(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("Relationship")) {
                    String target = r.getAttributeValue(null, "Target");
                    String type = r.getAttributeValue(null, "Type");
                    if (target == null || "External".equals(r.getAttributeValue(null, "TargetMode"))) {
                        continue;
                    }
                    String part = target.startsWith("/") ? target.substring(1) : normalize(dir + target);
                    out.put(r.getAttributeValue(null, "Id"), part);
                    if (type != null && type.contains("/")) {
                        out.putIfAbsent(type.substring(type.lastIndexOf('/')), part);
                    }
                }
            }
            r.close();
        }
        return out;
    }

    /** {@code xl/worksheets/../sharedStrings.xml} → {@code xl/sharedStrings.xml}. */
    private static String normalize(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!s.isEmpty() && !s.equals(".")) {
                segments.add(s);
            }
        }
        return String.join("/", segments);
    }

    private record FirstSheet(String relationshipId, boolean date1904) {
    }

    /** The first {@code <sheet>} of the workbook part (the one Excel opens on) and the workbook's date system. */
    private static FirstSheet firstSheet(ZipFile zip, String workbook) throws IOException, XMLStreamException {
        ZipEntry entry = zip.getEntry(workbook);
        if (entry == null) {
            throw unreadable();
        }
        boolean date1904 = false;
        try (InputStream in = zip.getInputStream(entry)) {
            XMLStreamReader r = xml(in);
            while (r.hasNext()) {
                if (r.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (r.getLocalName().equals("workbookPr")) {
                    String d = r.getAttributeValue(null, "date1904");
                    date1904 = "1".equals(d) || "true".equals(d);
                } else if (r.getLocalName().equals("sheet")) {
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        if (r.getAttributeLocalName(i).equals("id")) {
                            return new FirstSheet(r.getAttributeValue(i), date1904);
                        }
                    }
                }
            }
        }
        throw unreadable();
    }

    @Override
    public CsvRecordReader.CsvRecord next() throws IOException {
        try {
            while (sheet.hasNext()) {
                if (sheet.next() == XMLStreamConstants.START_ELEMENT && sheet.getLocalName().equals("row")) {
                    return row();
                }
            }
            return null;
        } catch (XMLStreamException | RuntimeException e) {
            // a damaged sheet part half-way: the rows read so far are not a whole list, refuse the file (400, the
            // batch's transaction rolls back)
            throw unreadable();
        }
    }

    /** The row the reader is at: its cells by column, gaps as empty text, numbered as the sheet numbers it. */
    private CsvRecordReader.CsvRecord row() throws XMLStreamException, IOException {
        String r = sheet.getAttributeValue(null, "r");
        int rowNum = r == null ? lastRow + 1 : Integer.parseInt(r.strip());
        lastRow = rowNum;
        List<String> fields = new ArrayList<>();
        BitSet numbers = new BitSet();
        int chars = 0;
        boolean tooLong = false;
        int column = -1;
        while (sheet.hasNext()) {
            int event = sheet.next();
            if (event == XMLStreamConstants.END_ELEMENT && sheet.getLocalName().equals("row")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT || !sheet.getLocalName().equals("c") || tooLong) {
                continue;
            }
            String ref = sheet.getAttributeValue(null, "r");
            int named = ref == null ? -1 : column(ref);
            column = named < 0 ? column + 1 : named;
            String type = sheet.getAttributeValue(null, "t");
            Cell cell = cell(type);
            if (column >= maxChars) {
                tooLong = true; // a cell far to the right: as many columns as a line may have characters
                continue;
            }
            String text = cell.number() && column == DATE_COLUMN ? serialDate(cell.text()) : cell.text();
            chars += text.length();
            if (chars > maxChars) {
                tooLong = true;
                continue;
            }
            // a present cell counts even when empty (a styled blank cell), as a CSV line has all its commas
            while (fields.size() < column) {
                fields.add("");
            }
            if (column < fields.size()) {
                fields.set(column, text); // a cell named twice or out of order: the last one read
            } else {
                fields.add(text);
            }
            if (cell.number() && !text.isEmpty()) {
                numbers.set(column);
            }
        }
        if (tooLong) {
            return new CsvRecordReader.CsvRecord(rowNum, List.of(), CsvRecordReader.Problem.TOO_LONG);
        }
        return new CsvRecordReader.CsvRecord(rowNum, fields, null, numbers);
    }

    private record Cell(String text, boolean number) {
    }

    /**
     * The cell the reader is at ({@code <c>}), read to its end: a shared string by index ({@code t="s"}), inline text
     * ({@code inlineStr}), a formula's text ({@code str}), a boolean, an error, or a number (no {@code t}, or
     * {@code n}) as the shortest exact text of the stored double ("3", not "3.0"; 1.40105199001011E+17 as its digits).
     */
    private Cell cell(String type) throws XMLStreamException, IOException {
        StringBuilder value = new StringBuilder();
        StringBuilder inline = new StringBuilder();
        boolean inValue = false;
        boolean inInlineText = false;
        int phonetic = 0;
        while (sheet.hasNext()) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (sheet.getLocalName()) {
                    case "v" -> inValue = true;
                    case "t" -> inInlineText = phonetic == 0;
                    case "rPh" -> phonetic++;
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String name = sheet.getLocalName();
                if (name.equals("c")) {
                    break;
                }
                switch (name) {
                    case "v" -> inValue = false;
                    case "t" -> inInlineText = false;
                    case "rPh" -> phonetic--;
                    default -> { }
                }
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                StringBuilder into = inValue ? value : inInlineText ? inline : null;
                if (into != null && into.length() <= maxChars) {
                    into.append(sheet.getTextCharacters(), sheet.getTextStart(),
                            Math.min(sheet.getTextLength(), maxChars + 1 - into.length()));
                }
            }
        }
        String v = value.toString().strip();
        if (type == null || type.equals("n")) {
            return v.isEmpty() ? new Cell("", false) : new Cell(number(v), true);
        }
        return switch (type) {
            case "s" -> {
                String s = v.isEmpty() ? null : strings.get(Integer.parseInt(v));
                if (s == null && !v.isEmpty()) {
                    throw unreadable(); // an index the table does not have
                }
                yield new Cell(s == null ? "" : s, false);
            }
            case "inlineStr" -> new Cell(inline.toString(), false);
            case "b" -> new Cell(v.isEmpty() ? "" : "1".equals(v) ? "TRUE" : "FALSE", false);
            default -> new Cell(value.toString(), false); // str (a formula's text), e (an error such as #N/A), d
        };
    }

    private static String number(String raw) {
        try {
            return new BigDecimal(raw).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    /** Excel's date serial as the date it shows: day 1 is 1900-01-01, and Excel counts a 29 February 1900 (day 60). */
    private String serialDate(String serial) {
        long days;
        try {
            days = new BigDecimal(serial).longValue(); // the time of day, if any, is the fraction
        } catch (NumberFormatException e) {
            return serial;
        }
        if (date1904) {
            return LocalDate.of(1904, 1, 1).plusDays(days).toString();
        }
        return (days < 61 ? LocalDate.of(1899, 12, 31) : LocalDate.of(1899, 12, 30)).plusDays(days).toString();
    }

    /** The 0-based column of a cell reference ({@code A3} → 0, {@code AB12} → 27). */
    private static int column(String ref) {
        int c = 0;
        for (int i = 0; i < ref.length(); i++) {
            char ch = Character.toUpperCase(ref.charAt(i));
            if (ch < 'A' || ch > 'Z') {
                break;
            }
            c = c * 26 + (ch - 'A' + 1);
            if (c > 1_000_000) {
                break; // no sheet has that many columns: refused as too long by the caller
            }
        }
        return c - 1;
    }

    @Override
    public void close() throws IOException {
        try (zip; strings) {
            sheet.close();
        } catch (XMLStreamException e) {
            // the zip and the spilled strings are closed all the same
        }
    }
}
