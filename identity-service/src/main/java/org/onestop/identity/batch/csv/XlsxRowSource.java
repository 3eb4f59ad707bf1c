package org.onestop.identity.batch.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * The first sheet of an XLSX workbook as rows of text, streamed with fastexcel-reader: the sheet's XML is parsed
 * row by row (StAX) from the spooled file, so a 100,000-row sheet holds one row at a time, like the CSV path (the
 * workbook's shared-string table is held, as every XLSX reader does). Number cells are marked so an ID number typed
 * as a number can be refused (it lost its last digits); a number in the date column is Excel's date serial.
 */
final class XlsxRowSource implements RowSource {

    /** The column of 附件3's 动态调整时间: a date cell there is a serial number, read as the date it shows. */
    private static final int DATE_COLUMN = 8;

    private final ReadableWorkbook workbook;
    private final Stream<Row> stream;
    private final Iterator<Row> rows;
    private final int maxChars;

    private XlsxRowSource(ReadableWorkbook workbook, Stream<Row> stream, int maxChars) {
        this.workbook = workbook;
        this.stream = stream;
        this.rows = stream.iterator();
        this.maxChars = maxChars;
    }

    /** Opens the workbook (from a file: from a stream fastexcel would copy it into memory). */
    static XlsxRowSource open(Path file, int maxChars) throws IOException {
        ReadableWorkbook workbook;
        try {
            workbook = new ReadableWorkbook(file.toFile());
        } catch (IOException | ExcelReaderException e) {
            throw unreadable();
        }
        try {
            return new XlsxRowSource(workbook, workbook.getFirstSheet().openStream(), maxChars);
        } catch (IOException | RuntimeException e) {
            workbook.close();
            throw unreadable();
        }
    }

    private static CsvLayoutException unreadable() {
        return new CsvLayoutException("XLSX_UNREADABLE",
                "无法读取该Excel文件(.xlsx),请用Excel或WPS另存为.xlsx或CSV后重新上传 (not a readable XLSX workbook)",
                ShanxiCsvReader.ADJUSTMENT_COLUMNS, List.of());
    }

    @Override
    public CsvRecordReader.CsvRecord next() throws IOException {
        Row row;
        try {
            if (!rows.hasNext()) {
                return null;
            }
            row = rows.next();
        } catch (ExcelReaderException | UncheckedIOException e) {
            // a damaged sheet part half-way: the rows read so far are not a whole list, refuse the file (400, the
            // batch's transaction rolls back)
            throw unreadable();
        }
        int count = row.getCellCount();
        if (count > maxChars) {
            return new CsvRecordReader.CsvRecord(row.getRowNum(), List.of(), CsvRecordReader.Problem.TOO_LONG);
        }
        List<String> fields = new ArrayList<>(count);
        BitSet numbers = new BitSet();
        int chars = 0;
        for (int i = 0; i < count; i++) {
            Cell cell = row.getCell(i);
            String text = text(cell, i);
            if (cell != null && cell.getType() == CellType.NUMBER) {
                numbers.set(i);
            }
            chars += text.length();
            if (chars > maxChars) {
                return new CsvRecordReader.CsvRecord(row.getRowNum(), List.of(), CsvRecordReader.Problem.TOO_LONG);
            }
            fields.add(text);
        }
        return new CsvRecordReader.CsvRecord(row.getRowNum(), fields, null, numbers);
    }

    private static String text(Cell cell, int column) {
        if (cell == null || cell.getType() == CellType.EMPTY) {
            return "";
        }
        if (cell.getType() == CellType.NUMBER) {
            if (column == DATE_COLUMN) {
                return cell.asDate().toLocalDate().toString();
            }
            // the shortest exact text of the stored double ("3", not "3.0"; 1.40105199001011E+17 as its digits)
            return new BigDecimal(cell.getRawValue()).stripTrailingZeros().toPlainString();
        }
        String text = cell.getText();
        return text == null ? "" : text;
    }

    @Override
    public void close() throws IOException {
        try {
            stream.close();
        } finally {
            workbook.close();
        }
    }
}
