package org.onestop.identity.batch.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onestop.identity.batch.IdentityRecord;
import org.onestop.identity.batch.RowReason;

class ShanxiCsvReaderTest {

    static final String HEADER = "乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码,动态调整工作类型,动态调整时间\n";
    static final ShanxiCsvReader.FileContext CONTEXT = new ShanxiCsvReader.FileContext("DIBAO", "140105", "2024-03-01");

    static List<IdentityRecord> read(byte[] bytes, Charset charset) throws IOException {
        try (ShanxiCsvReader r = ShanxiCsvReader.open(new ByteArrayInputStream(bytes), charset, 4096, CONTEXT)) {
            List<IdentityRecord> out = new ArrayList<>();
            for (IdentityRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
            return out;
        }
    }

    @Test
    void membersInheritTheHouseholdHeadFromTheRowAbove() throws IOException {
        String csv = HEADER
                + "小店镇,北格村,张三,14010519800101001X,3,张三,14010519800101001X,新识别,2024-03-01\n"
                + ",,,,,李四,140105198203030022,新识别,2024-03-01\n"
                + ",,,,,张小,140105201005050033,自然增加,2024/4/1\n";
        List<IdentityRecord> rows = read(csv.getBytes(StandardCharsets.UTF_8), null);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).idNumber()).isEqualTo("140105198203030022");
        assertThat(rows.get(1).name()).isEqualTo("李四");
        assertThat(rows.get(1).householdHeadIdNumber()).isEqualTo("14010519800101001X");
        assertThat(rows.get(2).change()).isEqualTo("自然增加");
        assertThat(rows.get(2).startDate()).isEqualTo("2024/4/1");
        assertThat(rows.get(2).rowNo()).isEqualTo(4);
        assertThat(rows).allMatch(r -> r.identityType().equals("DIBAO") && r.regionCode().equals("140105"));
    }

    @Test
    void aRowWithBlankMemberColumnsIsTheHeadThemself() throws IOException {
        String csv = HEADER + "小店镇,北格村,张三,14010519800101001X,1,,,自然减少,2024-05-01\n";
        IdentityRecord row = read(csv.getBytes(StandardCharsets.UTF_8), null).get(0);
        assertThat(row.idNumber()).isEqualTo("14010519800101001X");
        assertThat(row.name()).isEqualTo("张三");
    }

    @Test
    void readsGb18030BytesWithoutBeingTold() throws IOException {
        String csv = HEADER + "小店镇,北格村,张三,14010519800101001X,1,张三,14010519800101001X,新识别,2024-03-01\n";
        List<IdentityRecord> rows = read(csv.getBytes(Charset.forName("GB18030")), null);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("张三");
            assertThat(r.change()).isEqualTo("新识别");
        });
    }

    @Test
    void skipsAUtf8ByteOrderMarkAndTheFormsTitleLines() throws IOException {
        String csv = "\uFEFF县医疗救助重点救助对象动态调整名单,,,,,,,,\n单位名称:某县民政局,,,,,,,,\n"
                + HEADER.replace("乡(镇)", "乡（镇）")
                + "小店镇,北格村,张三,14010519800101001X,1,张三,14010519800101001X,新识别,2024-03-01\r\n";
        assertThat(read(csv.getBytes(StandardCharsets.UTF_8), null)).hasSize(1);
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() throws IOException {
        String csv = HEADER + "\"小店镇,东\",\"北\"\"格\"\"村\",张三,14010519800101001X,1,张三,14010519800101001X,新识别,2024-03-01\n";
        assertThat(read(csv.getBytes(StandardCharsets.UTF_8), null)).hasSize(1);
    }

    @Test
    void rosterRowsAreNewAtTheFilesEffectiveDate() throws IOException {
        String csv = "乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码,备注\n"
                + "小店镇,北格村,张三,14010519800101001X,1,张三,14010519800101001X,\n";
        IdentityRecord row = read(csv.getBytes(StandardCharsets.UTF_8), null).get(0);
        assertThat(row.change()).isEqualTo("NEW");
        assertThat(row.startDate()).isEqualTo("2024-03-01");
    }

    @Test
    void aTooLongLineIsRejectedAloneAndReadingGoesOn() throws IOException {
        String csv = HEADER + "x".repeat(20_000) + "\n"
                + "小店镇,北格村,张三,14010519800101001X,1,张三,14010519800101001X,新识别,2024-03-01\n";
        List<IdentityRecord> rows = read(csv.getBytes(StandardCharsets.UTF_8), null);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).parseProblem()).isEqualTo(RowReason.LINE_TOO_LONG);
        assertThat(rows.get(0).rowNo()).isEqualTo(2);
        assertThat(rows.get(1).parseProblem()).isNull();
        assertThat(rows.get(1).rowNo()).isEqualTo(3);
    }

    @Test
    void wrongColumnsNameTheExpectedOnes() {
        byte[] csv = "姓名,身份证号码,类别\n张三,14010519800101001X,低保\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(csv, null)).isInstanceOfSatisfying(CsvLayoutException.class, e -> {
            assertThat(e.code()).isEqualTo("CSV_COLUMNS");
            assertThat(e.expected()).contains("动态调整工作类型");
            assertThat(e.found()).containsExactly("姓名", "身份证号码", "类别");
        });
    }

    @Test
    void emptyAndHeaderOnlyFilesAreRefused() {
        assertThatThrownBy(() -> read(new byte[0], null))
                .isInstanceOfSatisfying(CsvLayoutException.class, e -> assertThat(e.code()).isEqualTo("CSV_EMPTY"));
        assertThatThrownBy(() -> read(HEADER.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOfSatisfying(CsvLayoutException.class, e -> assertThat(e.code()).isEqualTo("CSV_NO_ROWS"));
    }
}
