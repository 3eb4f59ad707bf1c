package org.onestop.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.onestop.policy.Money;

/**
 * Each expected value written by hand from the People's Bank of China's 《正确填写票据和结算凭证的基本规定》 (the
 * examples it gives are marked PBOC) or worked out digit by digit under its rules.
 */
class ChineseAmountTest {

    @ParameterizedTest(name = "{0} → {1}")
    @DisplayName("amounts in Chinese capitals: one 零 per run of zeros, 零 after 元 when only 分 is left, 整 after 元")
    @CsvSource({
            "1234.56, 壹仟贰佰叁拾肆元伍角陆分",       // every place filled
            "1005.07, 壹仟零伍元零柒分",              // zeros in the middle and in the 角 place
            "1409.50, 壹仟肆佰零玖元伍角",             // PBOC (1): a 0 inside the number is written 零
            "6007.14, 陆仟零柒元壹角肆分",             // PBOC (2): several zeros in a row, one 零
            "1680.32, 壹仟陆佰捌拾元叁角贰分",          // PBOC (3): the 元 place 0 before a non-zero 角, the form without 零
            "107000.53, 壹拾万柒仟元伍角叁分",          // PBOC (3): 万 place 0 before a non-zero 仟; 壹拾 not 拾
            "16409.02, 壹万陆仟肆佰零玖元零贰分",       // PBOC (4): 角 0 and 分 not: 零 after 元
            "325.04, 叁佰贰拾伍元零肆分",              // PBOC (4)
            "1000.00, 壹仟元整",                      // ends at 元: 整
            "10.00, 壹拾元整",
            "10005.00, 壹万零伍元整",                  // the lower group starts with zeros: one 零 across the 万 boundary
            "100010000.00, 壹亿零壹万元整",            // a whole zero group between 亿 and 万
            "100000000.00, 壹亿元整",                 // trailing zero groups write nothing
            "0.50, 伍角",                             // no 元 part when there is no yuan
            "0.07, 柒分",
            "0.00, 零元整"
    })
    void writesCapitals(String amount, String capitals) {
        assertThat(ChineseAmount.capitals(Money.of(amount))).isEqualTo(capitals);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @DisplayName("a negative amount (a recovery) is prefixed 负")
    @CsvSource("-20.30, 负贰拾元叁角")
    void negative(String amount, String capitals) {
        assertThat(ChineseAmount.capitals(Money.ofFen(Money.of(amount.substring(1)).fen() * -1))).isEqualTo(capitals);
    }
}
