package org.onestop.identity.batch.csv;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A workbook's shared-strings table ({@code xl/sharedStrings.xml}) kept in two temporary files, not in the heap: the
 * strings' UTF-8 bytes one after the other, and their start offsets (8 bytes each, plus the end). A sheet cell names its
 * text by index; {@link #get} reads it back with two positional reads. Every name and ID number of a roster is a
 * distinct shared string (Excel writes text cells that way), so a table held in memory grows with the file: 100,000
 * rows held 200,000 strings and needed three times the CSV path's heap (docs/benchmarks.md). Here the heap holds a
 * small cache of recent strings (the town, the village, 新识别 recur on every row), whatever the file's size.
 */
final class SharedStrings implements Closeable {

    /** Cache slots (direct-mapped by index): the strings every row repeats hit it, the distinct ones pass through. */
    private static final int CACHE = 256;

    private final Path texts;
    private final Path offsets;
    private final FileChannel textChannel;
    private final FileChannel offsetChannel;
    private final int count;
    private final ByteBuffer offsetPair = ByteBuffer.allocate(16);
    private ByteBuffer text = ByteBuffer.allocate(256);
    private final String[] cached = new String[CACHE];
    private final int[] cachedIndex = new int[CACHE];

    private SharedStrings(Path texts, Path offsets, int count) throws IOException {
        this.texts = texts;
        this.offsets = offsets;
        this.count = count;
        this.textChannel = FileChannel.open(texts, StandardOpenOption.READ);
        this.offsetChannel = FileChannel.open(offsets, StandardOpenOption.READ);
        Arrays.fill(cachedIndex, -1);
    }

    /** No table (a workbook without text cells). */
    static SharedStrings none() throws IOException {
        Path t = Files.createTempFile("onestop-sst-", ".txt");
        Path o = Files.createTempFile("onestop-sst-", ".idx");
        Files.write(o, new byte[8]); // the end offset of zero strings
        return new SharedStrings(t, o, 0);
    }

    /**
     * Reads the table's XML once, writing each {@code <si>}'s text (its {@code <t>} runs; phonetic {@code <rPh>} runs
     * left out, as Excel shows them) to the files. A string longer than {@code maxChars} is cut after
     * {@code maxChars + 1} characters: a row holding it is refused as too long all the same.
     */
    static SharedStrings read(InputStream xml, int maxChars) throws IOException, XMLStreamException {
        Path t = Files.createTempFile("onestop-sst-", ".txt");
        Path o = Files.createTempFile("onestop-sst-", ".idx");
        int n = 0;
        try (var textOut = new BufferedOutputStream(Files.newOutputStream(t), 64 * 1024);
             var offsetOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(o), 64 * 1024))) {
            XMLStreamReader r = XlsxRowSource.xml(xml);
            long position = 0;
            StringBuilder si = new StringBuilder();
            boolean inSi = false;
            boolean inT = false;
            int phonetic = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "si" -> {
                            inSi = true;
                            si.setLength(0);
                        }
                        case "rPh" -> phonetic++;
                        case "t" -> inT = inSi && phonetic == 0;
                        default -> { }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) {
                    if (inT && si.length() <= maxChars) {
                        si.append(r.getTextCharacters(), r.getTextStart(),
                                Math.min(r.getTextLength(), maxChars + 1 - si.length()));
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "si" -> {
                            byte[] bytes = si.toString().getBytes(StandardCharsets.UTF_8);
                            offsetOut.writeLong(position);
                            textOut.write(bytes);
                            position += bytes.length;
                            n++;
                            inSi = false;
                        }
                        case "rPh" -> phonetic--;
                        case "t" -> inT = false;
                        default -> { }
                    }
                }
            }
            r.close();
            offsetOut.writeLong(position);
        } catch (IOException | XMLStreamException | RuntimeException e) {
            Files.deleteIfExists(t);
            Files.deleteIfExists(o);
            throw e;
        }
        return new SharedStrings(t, o, n);
    }

    /** The text of string {@code index}; null when the table has no such string (a damaged file). */
    String get(int index) throws IOException {
        if (index < 0 || index >= count) {
            return null;
        }
        int slot = index % CACHE;
        if (cachedIndex[slot] == index) {
            return cached[slot];
        }
        offsetPair.clear();
        readFully(offsetChannel, offsetPair, (long) index * 8);
        long start = offsetPair.getLong(0);
        int length = (int) (offsetPair.getLong(8) - start);
        if (text.capacity() < length) {
            text = ByteBuffer.allocate(length);
        }
        text.clear().limit(length);
        readFully(textChannel, text, start);
        String s = new String(text.array(), 0, length, StandardCharsets.UTF_8);
        cached[slot] = s;
        cachedIndex[slot] = index;
        return s;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("shared-strings spill file ends early");
            }
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        try (textChannel; offsetChannel) {
            // closed by try-with-resources; the files go next
        } finally {
            Files.deleteIfExists(texts);
            Files.deleteIfExists(offsets);
        }
    }
}
