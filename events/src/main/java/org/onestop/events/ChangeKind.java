package org.onestop.events;

import java.util.Optional;

/** What an identity record says happened. Shanxi 附件3 动态调整工作类型: 新识别 → NEW, 自然增加 → INCREASE, 自然减少 → DECREASE. */
public enum ChangeKind {
    /** Newly identified (新识别): opens a period. */
    NEW,
    /** Natural increase (自然增加, e.g. a birth or a member joining the household): opens a period. */
    INCREASE,
    /** Natural decrease (自然减少, e.g. a death or a member leaving): closes the open period. */
    DECREASE,
    /** The department ends the identity (退出): closes the open period. */
    EXIT,
    /** Replaces the open period's data; the event names the period it supersedes. */
    CORRECTION;

    /** True for the kinds that start a period. */
    public boolean opens() {
        return this == NEW || this == INCREASE;
    }

    /** True for the kinds that end the open period. */
    public boolean closes() {
        return this == DECREASE || this == EXIT;
    }

    /** Parses the code or the Chinese words of the forms (新识别, 自然增加, 自然减少, 退出, 更正). */
    public static Optional<ChangeKind> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip();
        for (ChangeKind k : values()) {
            if (k.name().equalsIgnoreCase(t)) {
                return Optional.of(k);
            }
        }
        return Optional.ofNullable(switch (t) {
            case "新识别", "新增" -> NEW;
            case "自然增加", "增加" -> INCREASE;
            case "自然减少", "减少" -> DECREASE;
            case "退出" -> EXIT;
            case "更正", "纠正" -> CORRECTION;
            default -> null;
        });
    }
}
