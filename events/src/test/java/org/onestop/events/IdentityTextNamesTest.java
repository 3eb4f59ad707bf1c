package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every name the five policy texts (shared/policies/*.txt) use for one identity type is accepted as that type (issue 14). */
class IdentityTextNamesTest {

    @ParameterizedTest(name = "{0} → {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            因病致贫重病患者               | ILLNESS_POOR               | yantai-2023 二(一) (以下简称因病致贫重病患者); liaoning-2023 (一); bayingolin-2023 (一) 统称因病致贫重病患者
            因病支出型困难家庭患者         | ILLNESS_POOR               | jiujiang-2022 一 四类人员
            因病致贫家庭重病患者           | ILLNESS_POOR               | shanxi-2019 一(四); 八
            特困人员                       | TEKUN                      | all five texts
            城乡特困救助供养对象           | TEKUN                      | bayingolin-2023 (一) 第一类为城乡特困救助供养对象
            城乡特困人员                   | TEKUN                      | shanxi-2019 五 对城乡特困人员给予全额资助
            孤儿                           | ORPHAN                     | jiujiang-2022 一; yantai-2023 二(一)
            事实无人抚养儿童               | DE_FACTO_UNSUPPORTED_CHILD | yantai-2023 二(一); bayingolin-2023 (一)
            重点困境儿童                   | KEY_DIFFICULT_CHILD        | yantai-2023 二(一)
            低保对象                       | DIBAO                      | all five texts
            城乡最低生活保障家庭成员       | DIBAO                      | bayingolin-2023 (一) 第二类为城乡最低生活保障家庭成员
            低保边缘家庭成员               | DIBAO_MARGINAL             | yantai-2023 二(一); liaoning-2023 (一)
            低保边缘家庭人口               | DIBAO_MARGINAL             | jiujiang-2022 一 三类人员
            低保边缘对象                   | DIBAO_MARGINAL             | bayingolin-2023 (一) 统称低保边缘对象
            城乡困难低保边缘家庭成员       | DIBAO_MARGINAL             | bayingolin-2023 (一) 第三类
            低收入救助对象                 | LOW_INCOME                 | shanxi-2019 一(三)
            其他特殊困难人员               | OTHER_SPECIAL_HARDSHIP     | jiujiang-2022 一 四类人员
            返贫致贫人口                   | RETURNED_TO_POVERTY        | yantai-2023 二(一); jiujiang-2022 一
            农村返贫致贫人口               | RETURNED_TO_POVERTY        | jiujiang-2022 (部门职责)
            脱贫不稳定人口                 | UNSTABLE_LIFTED            | jiujiang-2022 一 三类人员
            脱贫不稳定户                   | UNSTABLE_LIFTED            | bayingolin-2023 (一) 包括脱贫不稳定户
            边缘易致贫人口                 | MARGINAL_AT_RISK           | jiujiang-2022 一 三类人员
            边缘易致贫户                   | MARGINAL_AT_RISK           | bayingolin-2023 (一)
            突发严重困难人口               | SUDDEN_HARDSHIP            | jiujiang-2022 一 三类人员
            突发严重困难户                 | SUDDEN_HARDSHIP            | bayingolin-2023 (一)
            未纳入防止返贫动态监测范围的脱贫人口 | LIFTED_UNMONITORED   | liaoning-2023 (七)
            建档立卡贫困人口               | REGISTERED_POOR            | shanxi-2019 一
            在乡重点优抚对象               | KEY_ENTITLED_VETERAN       | shanxi-2019 一
            “六类对象”                     | SIX_CATEGORIES             | jiujiang-2022 一 (quoted in the text)
            “两类人员”                     | TWO_CATEGORIES             | jiujiang-2022 一 (quoted in the text)
            脱贫人口（未纳入监测）         | LIFTED_UNMONITORED         | the contract's own name, full-width parentheses
            """)
    void acceptsTheNameATextUses(String name, IdentityType type, String where) {
        assertThat(IdentityType.parse(name)).as(where).contains(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"防止返贫监测帮扶对象", "农村易返贫致贫人口", "重点救助对象", "因病致贫重病"})
    void collectiveOrPartialNamesNameNoSingleType(String name) {
        // 防止返贫监测帮扶对象 / 农村易返贫致贫人口 = three types (yantai-2023 二(一), jiujiang-2022 一); 重点救助对象 = several (shanxi-2019 一)
        assertThat(IdentityType.parse(name)).isEmpty();
    }
}
