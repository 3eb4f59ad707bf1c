package org.onestop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A clerk's Excel workbook uploaded as is, its report read back as JSON, CSV and XLSX (issue 15). */
class XlsxUploadIntegrationTest extends IdentityIntegrationTestBase {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final String NUMBER_CELL_REASON =
            "身份证号码单元格是数字格式:数字单元格无法精确保存18位号码(第16位以后会变成0);请将该列设为文本格式后重新输入号码";

    /** Title on row 1, header on row 2, a good head on row 3, on row 4 a member whose number Excel stored as a number. */
    static byte[] workbookWithOneBadRow(String goodId) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "test", "1.0");
        Worksheet ws = wb.newWorksheet("Sheet1");
        ws.value(0, 0, "太原市小店区城乡低保动态调整名单");
        List<String> header = List.of("乡(镇)", "行政村", "户主姓名", "身份证号码", "家庭人口数", "家庭成员姓名", "身份证号码",
                "动态调整工作类型", "动态调整时间");
        for (int c = 0; c < header.size(); c++) {
            ws.value(1, c, header.get(c));
        }
        Object[] good = {"小店镇", "北格村", "张三", goodId, 2, "张三", goodId, "新识别", "2024-03-01"};
        Object[] bad = {null, null, null, null, null, "李四", 1.40105198203030E17, "自然增加", "2024-04-01"};
        for (int c = 0; c < good.length; c++) {
            if (good[c] instanceof String s) {
                ws.value(2, c, s);
            } else {
                ws.value(2, c, (Number) good[c]);
            }
            if (bad[c] instanceof String s) {
                ws.value(3, c, s);
            } else if (bad[c] instanceof Number n) {
                ws.value(3, c, n);
            }
        }
        wb.finish();
        return out.toByteArray();
    }

    WebTestClient.ResponseSpec upload(byte[] body, MediaType type, String reference) {
        return shanxiCivilAffairs().post()
                .uri("/api/v1/identity/batches/csv?category=低保&regionCode=140105&departmentReference=" + reference)
                .contentType(type).bodyValue(body).exchange();
    }

    String batchId(byte[] answer) {
        return new String(answer, StandardCharsets.UTF_8).replaceAll(".*\"batchId\":\"([0-9a-f-]{36})\".*", "$1");
    }

    @Test
    void anXlsxWithOneBadRowReportsThatRowAsTheSheetNumbersIt() throws IOException {
        byte[] answer = upload(workbookWithOneBadRow(newIdNumber()), XLSX, newReference())
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.source").isEqualTo("XLSX")
                .jsonPath("$.totalRows").isEqualTo(2)
                .jsonPath("$.acceptedRows").isEqualTo(1)
                .jsonPath("$.rejectedRows").isEqualTo(1)
                .jsonPath("$.rows.length()").isEqualTo(1)
                .jsonPath("$.rows[0].rowNumber").isEqualTo(4)
                .jsonPath("$.rows[0].reasonCode").isEqualTo("ID_NUMBER_CELL")
                .jsonPath("$.rows[0].reason").isEqualTo(NUMBER_CELL_REASON)
                .returnResult().getResponseBody();
        String id = batchId(answer);

        byte[] csv = shanxiCivilAffairs().get().uri("/api/v1/identity/batches/{id}/rows?status=rejected", id)
                .accept(MediaType.parseMediaType("text/csv")).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("text/csv;charset=UTF-8")
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"batch-" + id + "-rejected.csv\"")
                .expectBody().returnResult().getResponseBody();
        // BOM, header, the one rejected row: masked number and person ref empty (the number was never read)
        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo("\uFEFF行号,记录,状态,原因代码,原因,身份证号码(脱敏),人员编号,对象类别,调整类型\r\n"
                + "4,line 4,拒绝,ID_NUMBER_CELL," + NUMBER_CELL_REASON + ",,,DIBAO,自然增加\r\n");

        byte[] xlsx = shanxiCivilAffairs().get().uri("/api/v1/identity/batches/{id}/rows", id)
                .accept(XLSX).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(XLSX)
                .expectBody().returnResult().getResponseBody();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).getCellText(0)).isEqualTo("行号");
            assertThat(cells(rows.get(1), 4)).isEqualTo("3|line 3|接收|");
            assertThat(cells(rows.get(2), 5)).isEqualTo("4|line 4|拒绝|ID_NUMBER_CELL|" + NUMBER_CELL_REASON);
        }
    }

    static String cells(Row row, int n) {
        return IntStream.range(0, n).mapToObj(i -> row.getCellText(i) == null ? "" : row.getCellText(i))
                .collect(Collectors.joining("|"));
    }

    @Test
    void anXlsxSentAsCsvIsStillReadAsAWorkbook() throws IOException {
        upload(workbookWithOneBadRow(newIdNumber()), MediaType.parseMediaType("text/csv"), newReference())
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.rows[0].rowNumber").isEqualTo(4);
    }

    @Test
    void aBinaryFileThatIsNoWorkbookIsRefusedWithoutEchoingItsBytes() {
        byte[] zip = "PK\u0003\u0004\u0014\u0000garbage".getBytes(StandardCharsets.ISO_8859_1);
        upload(zip, XLSX, newReference())
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.code").isEqualTo("xlsx-unreadable")
                .jsonPath("$.foundColumns").doesNotExist();
    }

    @Test
    void aScientificNotationIdInACsvGetsTheSpreadsheetHint() {
        String csv = "乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码,动态调整工作类型,动态调整时间\n"
                + "小店镇,北格村,张三,1.40105E+17,1,,,新识别,2024-03-01\n";
        upload(csv.getBytes(StandardCharsets.UTF_8), MediaType.parseMediaType("text/csv"), newReference())
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.rows[0].rowNumber").isEqualTo(2)
                .jsonPath("$.rows[0].reasonCode").isEqualTo("ID_SCIENTIFIC_NOTATION");
    }

    @Test
    void aReportInAFormatNotOfferedIs406() {
        shanxiCivilAffairs().get().uri("/api/v1/identity/batches/{id}/rows", UUID.randomUUID())
                .accept(MediaType.APPLICATION_PDF).exchange()
                .expectStatus().isEqualTo(406);
    }
}
