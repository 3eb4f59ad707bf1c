package org.onestop.settlement.statement;

import org.onestop.policy.Money;

/**
 * An amount in Chinese capitals (中文大写金额) as a receipt writes it, following the People's Bank of China's
 * 《正确填写票据和结算凭证的基本规定》: 壹贰叁… with 拾佰仟万亿, one 零 for a run of zeros inside the number
 * (¥6,007.14 → 陆仟零柒元壹角肆分), 零 after 元 when 角 is 0 and 分 is not (¥325.04 → 叁佰贰拾伍元零肆分), 整 after an
 * amount that ends at 元 (¥1,000.00 → 壹仟元整), 壹拾 rather than 拾. Where the rule allows both (a 0 in the 元 or 万 place
 * before a non-zero 角 or 仟: ¥1,680.32), the form without the optional 零 is written: 壹仟陆佰捌拾元叁角贰分.
 */
public final class ChineseAmount {

    private static final char[] DIGITS = "零壹贰叁肆伍陆柒捌玖".toCharArray();
    private static final String[] IN_GROUP = {"仟", "佰", "拾", ""};
    private static final String[] GROUPS = {"亿", "万", ""};

    private ChineseAmount() {
    }

    /** {@code amount} in capitals; a negative amount is prefixed 负. Amounts up to 9,999,9999,9999.99 yuan. */
    public static String capitals(Money amount) {
        long fen = amount.fen();
        if (fen < 0) {
            return "负" + capitals(Money.ofFen(-fen));
        }
        long yuan = fen / 100;
        int jiao = (int) (fen / 10 % 10);
        int cents = (int) (fen % 10);
        if (yuan >= 1_0000_0000_0000L) {
            throw new IllegalArgumentException("amount beyond 万亿 yuan");
        }
        StringBuilder b = new StringBuilder();
        if (yuan > 0) {
            b.append(integer(yuan)).append('元');
        }
        if (jiao == 0 && cents == 0) {
            return b.isEmpty() ? "零元整" : b.append('整').toString();
        }
        if (jiao > 0) {
            b.append(DIGITS[jiao]).append('角');
        } else if (yuan > 0) {
            b.append('零'); // 角 is 0, 分 is not: ¥16,409.02 → 壹万陆仟肆佰零玖元零贰分
        }
        if (cents > 0) {
            b.append(DIGITS[cents]).append('分');
        }
        return b.toString();
    }

    /** The integer part, by groups of four digits (亿, 万, units); one 零 for every run of zeros between non-zero digits. */
    private static String integer(long n) {
        long[] groups = {n / 1_0000_0000L, n / 1_0000L % 1_0000L, n % 1_0000L};
        StringBuilder b = new StringBuilder();
        boolean zeroPending = false;
        for (int g = 0; g < 3; g++) {
            int group = (int) groups[g];
            if (group == 0) {
                zeroPending = !b.isEmpty();
                continue;
            }
            if (!b.isEmpty() && (zeroPending || group < 1000)) {
                b.append('零'); // 壹万零伍 (10,005), 壹亿零壹万 (100,010,000)
            }
            zeroPending = false;
            int[] d = {group / 1000, group / 100 % 10, group / 10 % 10, group % 10};
            boolean started = false;
            boolean zeroInside = false;
            for (int i = 0; i < 4; i++) {
                if (d[i] == 0) {
                    zeroInside = started;
                    continue;
                }
                if (zeroInside) {
                    b.append('零');
                    zeroInside = false;
                }
                b.append(DIGITS[d[i]]).append(IN_GROUP[i]);
                started = true;
            }
            b.append(GROUPS[g]);
        }
        return b.toString();
    }
}
