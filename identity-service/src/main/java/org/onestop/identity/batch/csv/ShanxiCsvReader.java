package org.onestop.identity.batch.csv;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.onestop.identity.batch.IdentityRecord;
import org.onestop.identity.batch.RowReason;

/**
 * Reads the Shanxi 晋医保发〔2019〕46号 lists row by row: 附件3 (dynamic adjustment: 乡(镇), 行政村, 户主姓名,
 * 身份证号码, 家庭人口数, 家庭成员姓名, 身份证号码, 动态调整工作类型, 动态调整时间) and 附件2 (roster: the first seven
 * columns, optionally 备注; every row is 新识别 at the file's effective date).
 *
 * <p>As on the paper form, one household spans several rows: the head's columns are filled on the first row and
 * may be blank on the members' rows, which inherit them. A row whose member columns are blank is the head
 * themself. Title lines above the header (the form's 县…名单, 单位名称) are skipped.
 */
public final class ShanxiCsvReader implements Closeable {

    public static final List<String> ADJUSTMENT_COLUMNS = List.of("乡(镇)", "行政村", "户主姓名", "身份证号码", "家庭人口数",
            "家庭成员姓名", "身份证号码", "动态调整工作类型", "动态调整时间");
    public static final List<String> ROSTER_COLUMNS = ADJUSTMENT_COLUMNS.subList(0, 7);
    private static final List<String> OPTIONAL_TRAILING = List.of("月", "年", "备注", "");
    private static final int HEADER_SEARCH_LINES = 10;

    /** What the paper form puts on the whole file. */
    public record FileContext(String identityType, String regionCode, String effectiveDate) {
    }

    public enum Layout { ADJUSTMENT, ROSTER }

    private final RowSource records;
    private final FileContext context;
    private final Layout layout;
    private final int columns;
    private final int headerSize;
    private IdentityRecord peeked;
    private String headName;
    private String headId;
    private boolean headIdNumberCell;

    private ShanxiCsvReader(RowSource records, FileContext context, Layout layout, int headerSize) {
        this.records = records;
        this.context = context;
        this.layout = layout;
        this.columns = layout == Layout.ADJUSTMENT ? 9 : 7;
        this.headerSize = headerSize;
    }

    /**
     * Opens the stream, detecting the charset unless {@code charset} is given, and reads up to the first data row.
     *
     * @throws CsvLayoutException for an empty file, a file without data rows, or a header that is not a known layout
     */
    public static ShanxiCsvReader open(InputStream raw, Charset charset, int maxLineChars, FileContext context)
            throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 65536);
        in.mark(65536);
        byte[] head = in.readNBytes(65536);
        in.reset();
        if (head.length == 0) {
            throw new CsvLayoutException("CSV_EMPTY", "文件为空 (the file is empty)", ADJUSTMENT_COLUMNS, List.of());
        }
        CharsetDetector.Detected detected = CharsetDetector.detect(head, head.length);
        Charset cs = charset != null ? charset : detected.charset();
        if (detected.bomLength() > 0 && (charset == null || charset.equals(detected.charset()))) {
            in.skipNBytes(detected.bomLength());
        }
        // Undecodable bytes become U+FFFD rather than failing the whole file; the affected row then fails its checks.
        InputStreamReader reader = new InputStreamReader(in, cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        return start(new CsvRecordReader(reader, maxLineChars, ','), context);
    }

    /**
     * Opens the first sheet of an XLSX workbook, streamed (one row in memory at a time), and reads up to the first
     * data row: the same layouts, title lines, households and checks as a CSV file; row numbers are the sheet's.
     *
     * @throws CsvLayoutException as {@link #open}, and {@code XLSX_UNREADABLE} when it is not a readable workbook
     */
    public static ShanxiCsvReader openXlsx(Path file, int maxLineChars, FileContext context) throws IOException {
        return start(XlsxRowSource.open(file, maxLineChars), context);
    }

    private static ShanxiCsvReader start(RowSource csv, FileContext context) throws IOException {
        try {
            ShanxiCsvReader r = locateHeader(csv, context);
            r.peeked = r.readNext();
            if (r.peeked == null) {
                throw new CsvLayoutException("CSV_NO_ROWS", "文件只有表头,没有数据行 (no data rows after the header)",
                        r.layout == Layout.ROSTER ? ROSTER_COLUMNS : ADJUSTMENT_COLUMNS, List.of());
            }
            return r;
        } catch (RuntimeException | IOException e) {
            csv.close();
            throw e;
        }
    }

    private static ShanxiCsvReader locateHeader(RowSource csv, FileContext context) throws IOException {
        List<String> firstSeen = null;
        for (int i = 0; i < HEADER_SEARCH_LINES; i++) {
            CsvRecordReader.CsvRecord rec = csv.next();
            if (rec == null) {
                break;
            }
            if (rec.problem() != null) {
                continue;
            }
            List<String> cells = rec.fields();
            if (csv instanceof CsvRecordReader text && cells.size() == 1 && cells.get(0).indexOf('\t') >= 0) {
                // A tab-separated export: re-split this line and read the rest with tabs.
                cells = List.of(cells.get(0).split("\t", -1));
                text.delimiter('\t');
            }
            List<String> normalized = cells.stream().map(ShanxiCsvReader::normalizeHeader).toList();
            if (isBlank(normalized)) {
                continue;
            }
            if (firstSeen == null) {
                firstSeen = normalized;
            }
            Layout layout = match(normalized);
            if (layout != null) {
                return new ShanxiCsvReader(csv, context, layout, normalized.size());
            }
            if (normalized.get(0).equals(ADJUSTMENT_COLUMNS.get(0))) {
                break; // a header row with the wrong columns: do not look further
            }
        }
        if (firstSeen == null) {
            throw new CsvLayoutException("CSV_EMPTY", "文件为空 (the file has no header and no rows)", ADJUSTMENT_COLUMNS,
                    List.of());
        }
        throw new CsvLayoutException("CSV_COLUMNS",
                "表头与附件3(动态调整名单)或附件2(救助对象名单)的列不符 (unexpected columns)", ADJUSTMENT_COLUMNS, firstSeen);
    }

    private static Layout match(List<String> header) {
        if (startsWith(header, ADJUSTMENT_COLUMNS) && onlyOptionalAfter(header, 9)) {
            return Layout.ADJUSTMENT;
        }
        if (startsWith(header, ROSTER_COLUMNS) && onlyOptionalAfter(header, 7)) {
            return Layout.ROSTER;
        }
        return null;
    }

    private static boolean startsWith(List<String> header, List<String> expected) {
        return header.size() >= expected.size() && header.subList(0, expected.size()).equals(expected);
    }

    private static boolean onlyOptionalAfter(List<String> header, int from) {
        return header.subList(from, header.size()).stream().allMatch(OPTIONAL_TRAILING::contains);
    }

    static String normalizeHeader(String cell) {
        return cell.replace("\uFEFF", "").replace('（', '(').replace('）', ')').replaceAll("\\s+", "").strip();
    }

    private static boolean isBlank(List<String> cells) {
        return cells.stream().allMatch(String::isBlank);
    }

    public Layout layout() {
        return layout;
    }

    /** The next row, or null at the end. Blank rows (spreadsheets export trailing ",,,,") are skipped. */
    public IdentityRecord next() throws IOException {
        if (peeked != null) {
            IdentityRecord r = peeked;
            peeked = null;
            return r;
        }
        return readNext();
    }

    private IdentityRecord readNext() throws IOException {
        while (true) {
            CsvRecordReader.CsvRecord rec = records.next();
            if (rec == null) {
                return null;
            }
            if (rec.problem() == CsvRecordReader.Problem.TOO_LONG) {
                return IdentityRecord.unreadable(rec.line(), RowReason.LINE_TOO_LONG);
            }
            if (rec.problem() == CsvRecordReader.Problem.UNCLOSED_QUOTE) {
                return IdentityRecord.unreadable(rec.line(), RowReason.MALFORMED_ROW);
            }
            List<String> f = rec.fields();
            if (isBlank(f)) {
                continue;
            }
            if (f.size() > headerSize && !isBlank(f.subList(headerSize, f.size()))) {
                return IdentityRecord.unreadable(rec.line(), RowReason.COLUMN_COUNT);
            }
            if (f.size() < columns) {
                if (f.size() < 4) {
                    return IdentityRecord.unreadable(rec.line(), RowReason.COLUMN_COUNT);
                }
                List<String> padded = new ArrayList<>(f);
                while (padded.size() < columns) {
                    padded.add("");
                }
                f = padded;
            }
            return toRecord(rec.line(), f, rec.numberCells());
        }
    }

    private IdentityRecord toRecord(int line, List<String> f, BitSet numberCells) {
        String rowHeadName = f.get(2).strip();
        String rowHeadId = f.get(3).strip();
        if (!rowHeadName.isEmpty() || !rowHeadId.isEmpty()) {
            headName = rowHeadName;
            headId = rowHeadId;
            headIdNumberCell = numberCells.get(3);
        }
        String memberName = f.get(5).strip();
        String memberId = f.get(6).strip();
        String name = memberName.isEmpty() && memberId.isEmpty() ? headName : memberName;
        String id = memberName.isEmpty() && memberId.isEmpty() ? headId : memberId;
        String change;
        String date;
        if (layout == Layout.ADJUSTMENT) {
            change = f.get(7).strip();
            date = f.get(8).strip();
            if (date.isEmpty()) {
                date = context.effectiveDate();
            }
        } else {
            change = "NEW";
            date = context.effectiveDate();
        }
        // A number cell cannot hold 18 digits exactly (a double keeps 15-16): the text read back is not the number
        // the clerk typed, so it is neither checked nor stored; the head's number is inherited by member rows.
        boolean idNumberCell = memberName.isEmpty() && memberId.isEmpty() ? headIdNumberCell : numberCells.get(6);
        RowReason problem = idNumberCell || (headIdNumberCell && !headId.isEmpty()) ? RowReason.ID_NUMBER_CELL : null;
        return new IdentityRecord(line, "line " + line, context.identityType(), context.regionCode(), id, name, headId,
                change, date, null, problem);
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
