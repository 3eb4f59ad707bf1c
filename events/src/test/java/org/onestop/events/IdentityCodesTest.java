package org.onestop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityCodesTest {

    @Test
    void civilAffairsMayNotPushReturnedToPoverty() {
        assertThat(Department.CIVIL_AFFAIRS.mayPush(IdentityType.RETURNED_TO_POVERTY)).isFalse();
        assertThat(Department.RURAL_REVITALIZATION.mayPush(IdentityType.RETURNED_TO_POVERTY)).isTrue();
    }

    @Test
    void eachDepartmentOwnsTheTypesOfTheContract() {
        assertThat(java.util.Arrays.stream(IdentityType.values()).filter(Department.CIVIL_AFFAIRS::mayPush))
                .containsExactly(IdentityType.TEKUN, IdentityType.ORPHAN, IdentityType.DE_FACTO_UNSUPPORTED_CHILD,
                        IdentityType.KEY_DIFFICULT_CHILD, IdentityType.DIBAO, IdentityType.DIBAO_MARGINAL,
                        IdentityType.ILLNESS_POOR, IdentityType.LOW_INCOME, IdentityType.OTHER_SPECIAL_HARDSHIP);
        assertThat(java.util.Arrays.stream(IdentityType.values()).filter(Department.VETERANS_AFFAIRS::mayPush))
                .containsExactly(IdentityType.KEY_ENTITLED_VETERAN, IdentityType.SIX_CATEGORIES, IdentityType.TWO_CATEGORIES);
        assertThat(Department.VETERANS_AFFAIRS.mayPush(null)).isFalse();
    }

    @Test
    void parsesThePaperFormsCategoryWords() {
        assertThat(IdentityType.parse("低保")).contains(IdentityType.DIBAO);
        assertThat(IdentityType.parse("特困")).contains(IdentityType.TEKUN);
        assertThat(IdentityType.parse("重点优抚")).contains(IdentityType.KEY_ENTITLED_VETERAN);
        assertThat(IdentityType.parse("dibao")).contains(IdentityType.DIBAO);
        assertThat(IdentityType.parse("UNKNOWN_TYPE")).isEmpty();
        assertThat(Department.parse("民政")).contains(Department.CIVIL_AFFAIRS);
    }

    @Test
    void mapsShanxiAdjustmentTypesToChangeKinds() {
        assertThat(ChangeKind.parse("新识别")).contains(ChangeKind.NEW);
        assertThat(ChangeKind.parse("自然增加")).contains(ChangeKind.INCREASE);
        assertThat(ChangeKind.parse("自然减少")).contains(ChangeKind.DECREASE);
        assertThat(ChangeKind.parse("迁入")).isEmpty();
    }

    @Test
    void deadLetterTopicIsTopicDotGroupDotDlq() {
        assertThat(Topics.deadLetter(Topics.IDENTITY_CHANGED, "settlement"))
                .isEqualTo("identity.changed.v1.settlement.dlq");
        assertThatThrownBy(() -> Topics.deadLetter("identity.changed.v1", " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityChangedTopicPairsItsTypes() {
        assertThat(Topics.IDENTITY_CHANGED.name()).isEqualTo("identity.changed.v1");
        assertThat(Topics.IDENTITY_CHANGED.valueType()).isEqualTo(IdentityChanged.class);
        assertThat(Topics.IDENTITY_CHANGED.ceType()).isEqualTo("org.onestop.identity.changed.v1");
    }

    @Test
    void personRefRejectsAnythingButSixtyFourLowercaseHex() {
        assertThatThrownBy(() -> PersonRef.of("11010519491231002X")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PersonRef.of("a".repeat(64)).value()).hasSize(64);
        assertThat(PersonRef.isValid("A".repeat(64))).isFalse();
    }
}
