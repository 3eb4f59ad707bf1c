package org.onestop.identity.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onestop.events.ChangeKind;
import org.onestop.events.Department;
import org.onestop.events.IdentityType;
import org.onestop.identity.person.PersonRefs;

class RowValidatorTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final PersonRefs REFS = new PersonRefs("s".getBytes(StandardCharsets.UTF_8));
    static final RowValidator CIVIL = new RowValidator(Department.CIVIL_AFFAIRS, TODAY, 31,
            List.of("3604", "6528", "14", "3706", "21"), REFS);

    static IdentityRecord record(String type, String region, String id, String change, String start, String end) {
        return new IdentityRecord(1, "r1", type, region, id, "张三", null, change, start, end, null);
    }

    static RowReason reason(IdentityRecord r) {
        RowValidator.Outcome o = CIVIL.validate(r);
        return o instanceof RowValidator.Invalid inv ? inv.reason() : null;
    }

    @Test
    void acceptsAValidDibaoGrant() {
        RowValidator.Outcome o = CIVIL.validate(record("DIBAO", "140105", "11010519491231002X", "新识别", "2024-03-01", null));
        assertThat(o).isInstanceOfSatisfying(RowValidator.Valid.class, v -> {
            assertThat(v.row().type()).isEqualTo(IdentityType.DIBAO);
            assertThat(v.row().change()).isEqualTo(ChangeKind.NEW);
            assertThat(v.row().personRef()).hasSize(64);
        });
    }

    @Test
    void rejectsTheWrongCheckDigit() {
        assertThat(reason(record("DIBAO", "140105", "110105194912310021", "NEW", "2024-03-01", null)))
                .isEqualTo(RowReason.ID_CHECK_DIGIT);
    }

    @Test
    void civilAffairsMayNotPushReturnedToPoverty() {
        assertThat(reason(record("RETURNED_TO_POVERTY", "140105", "11010519491231002X", "NEW", "2024-03-01", null)))
                .isEqualTo(RowReason.TYPE_NOT_OWNED);
    }

    @Test
    void rejectsUnknownTypesRegionsAndChanges() {
        assertThat(reason(record("RICH", "140105", "11010519491231002X", "NEW", "2024-03-01", null)))
                .isEqualTo(RowReason.UNKNOWN_TYPE);
        assertThat(reason(record("DIBAO", "110105", "11010519491231002X", "NEW", "2024-03-01", null)))
                .isEqualTo(RowReason.REGION_UNKNOWN);
        assertThat(reason(record("DIBAO", "140105", "11010519491231002X", "迁入", "2024-03-01", null)))
                .isEqualTo(RowReason.UNKNOWN_CHANGE);
    }

    @Test
    void rejectsAnEndBeforeTheStartAndAStartTooFarAhead() {
        assertThat(reason(record("DIBAO", "140105", "11010519491231002X", "NEW", "2024-03-01", "2024-02-01")))
                .isEqualTo(RowReason.END_BEFORE_START);
        // today + 31 days = 2026-12-26 is allowed, the 27th is not
        assertThat(reason(record("DIBAO", "140105", "11010519491231002X", "NEW", "2026-12-26", null))).isNull();
        assertThat(reason(record("DIBAO", "140105", "11010519491231002X", "NEW", "2026-12-27", null)))
                .isEqualTo(RowReason.START_TOO_FAR_AHEAD);
        assertThat(reason(record("DIBAO", "140105", "11010519491231002X", "NEW", "2024-13-01", null)))
                .isEqualTo(RowReason.DATE_INVALID);
    }

    @Test
    void anIdNumberInScientificNotationSaysTheSpreadsheetChangedIt() {
        assertThat(reason(record("DIBAO", "140105", "1.40105E+17", "新识别", "2024-03-01", null)))
                .isEqualTo(RowReason.ID_SCIENTIFIC_NOTATION);
        assertThat(RowReason.ID_SCIENTIFIC_NOTATION.chinese()).contains("科学计数法");
    }

    @Test
    void anAllDigitNumberShorterThan18SaysDigitsWereLost() {
        // 11010519491231002X without its check character: what a number column keeps of a typed-in number
        assertThat(reason(record("DIBAO", "140105", "11010519491231002", "新识别", "2024-03-01", null)))
                .isEqualTo(RowReason.ID_DIGITS_LOST);
    }

    @Test
    void aFullWidthNumberSaysSo() {
        assertThat(reason(record("DIBAO", "140105", "１１０１０５１９４９１２３１００２Ｘ", "新识别", "2024-03-01", null)))
                .isEqualTo(RowReason.ID_FULL_WIDTH);
        assertThat(reason(record("DIBAO", "140105", "11010519491231002Ｘ", "新识别", "2024-03-01", null)))
                .isEqualTo(RowReason.ID_FULL_WIDTH);
    }

    @Test
    void aWrongCheckCharacterKeepsTheGenericReason() {
        assertThat(reason(record("DIBAO", "140105", "110105194912310021", "新识别", "2024-03-01", null)))
                .isEqualTo(RowReason.ID_CHECK_DIGIT);
    }
}
