package org.onestop.console.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class WhatIfFormTest {

    @Test
    void overrideLinesSplitAtTheFirstEqualsSignSkippingCommentsAndBlankLines() {
        String text = "# 试算\r\n a.b[0].ratio = 80% \n\nc.d = 1 | x = y\n";

        assertThat(WhatIfForm.Overrides.problem(text)).isNull();
        assertThat(WhatIfForm.Overrides.parse(text)).containsExactly(
                entry("a.b[0].ratio", "80%"),
                entry("c.d", "1 | x = y"));
    }

    @Test
    void aLineWithoutAValueOrARepeatedParameterIsNamedByItsLineNumber() {
        assertThat(WhatIfForm.Overrides.problem("a = 1\nb =\n")).startsWith("第 2 行应为");
        assertThat(WhatIfForm.Overrides.problem("a = 1\n= 2\n")).startsWith("第 2 行应为");
        assertThat(WhatIfForm.Overrides.problem("a = 1\n# x\na = 2")).isEqualTo("第 3 行的参数 a 重复。");
        assertThat(WhatIfForm.Overrides.problem("# only a comment\n")).isEqualTo("请至少填写一行参数修改。");
    }

    @Test
    void overridesAndAFileAreOneOrTheOther() {
        assertThat(new WhatIfForm("360400", "2025", "", "a = 1", null).problem(true)).isEqualTo("参数修改与政策文件只能二选一。");
        assertThat(new WhatIfForm("360400", "2025", "", "", null).problem(false)).startsWith("请填写参数修改");
        assertThat(new WhatIfForm("3604", "2025", "", "a = 1", null).problem(false)).startsWith("请填写 6 位政策统筹区代码");
        assertThat(new WhatIfForm("360400", "2025", "", "a = 1", null).problem(false)).isNull();
    }
}
