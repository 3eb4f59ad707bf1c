package org.onestop.events;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The identity categories partner departments determine. The codes are the contract: the policy YAML
 * and every topic use {@link #name()}; the Chinese name is for people.
 */
public enum IdentityType {
    // After the owner: every other name the five texts (shared/policies/*.txt) use for exactly this type, so a partner
    // may send the wording of its own text. Collective names (防止返贫监测帮扶对象, 农村易返贫致贫人口 = three types,
    // 重点救助对象) name no single type and stay unknown.
    TEKUN("特困人员", Department.CIVIL_AFFAIRS,
            "城乡特困救助供养对象", "特困救助供养对象", "城乡特困人员", "特困供养人员"),
    ORPHAN("孤儿", Department.CIVIL_AFFAIRS),
    DE_FACTO_UNSUPPORTED_CHILD("事实无人抚养儿童", Department.CIVIL_AFFAIRS),
    KEY_DIFFICULT_CHILD("重点困境儿童", Department.CIVIL_AFFAIRS),
    DIBAO("低保对象", Department.CIVIL_AFFAIRS,
            "城乡最低生活保障家庭成员", "最低生活保障家庭成员", "最低生活保障对象"),
    DIBAO_MARGINAL("低保边缘家庭成员", Department.CIVIL_AFFAIRS,
            "低保边缘家庭人口", "低保边缘对象", "城乡困难低保边缘家庭成员"),
    ILLNESS_POOR("因病致贫重病患者/因病支出型困难家庭患者", Department.CIVIL_AFFAIRS,
            "因病致贫重病患者", "因病支出型困难家庭患者", "因病致贫家庭重病患者"),
    LOW_INCOME("低收入救助对象", Department.CIVIL_AFFAIRS),
    OTHER_SPECIAL_HARDSHIP("其他特殊困难人员", Department.CIVIL_AFFAIRS),
    RETURNED_TO_POVERTY("返贫致贫人口", Department.RURAL_REVITALIZATION, "农村返贫致贫人口"),
    UNSTABLE_LIFTED("脱贫不稳定人口", Department.RURAL_REVITALIZATION, "脱贫不稳定户"),
    MARGINAL_AT_RISK("边缘易致贫人口", Department.RURAL_REVITALIZATION, "边缘易致贫户"),
    SUDDEN_HARDSHIP("突发严重困难人口", Department.RURAL_REVITALIZATION, "突发严重困难户"),
    LIFTED_UNMONITORED("脱贫人口(未纳入监测)", Department.RURAL_REVITALIZATION,
            "未纳入防止返贫动态监测范围的脱贫人口", "未纳入监测的脱贫人口"),
    REGISTERED_POOR("建档立卡贫困人口", Department.RURAL_REVITALIZATION),
    KEY_ENTITLED_VETERAN("在乡重点优抚对象", Department.VETERANS_AFFAIRS),
    SIX_CATEGORIES("六类对象", Department.VETERANS_AFFAIRS),
    TWO_CATEGORIES("两类人员", Department.VETERANS_AFFAIRS);

    private final String chineseName;
    private final Department owner;
    private final List<String> textNames;

    IdentityType(String chineseName, Department owner, String... textNames) {
        this.chineseName = chineseName;
        this.owner = owner;
        this.textNames = List.of(textNames);
    }

    /** The other names the policy texts use for this type (besides {@link #chineseName()}). */
    public List<String> textNames() {
        return textNames;
    }

    public String chineseName() {
        return chineseName;
    }

    /** The department that determines this identity and alone may push it. */
    public Department owner() {
        return owner;
    }

    /**
     * Parses a code ({@code DIBAO}), the full Chinese name, any name a policy text uses for the type ({@link #textNames()},
     * e.g. 因病致贫重病患者), or the short forms the paper forms use (对象类别: 低保 / 特困 / 重点优抚 …). Quotation
     * marks around the name (“六类对象”) and full-width parentheses are accepted. Empty when nothing matches.
     */
    public static Optional<IdentityType> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip().replace('（', '(').replace('）', ')').replaceAll("^[\"“”「」]+|[\"“”「」]+$", "").strip();
        Optional<IdentityType> exact = Arrays.stream(values())
                .filter(v -> v.name().equalsIgnoreCase(t) || v.chineseName.equals(t) || v.textNames.contains(t))
                .findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        return Optional.ofNullable(switch (t) {
            case "低保" -> DIBAO;
            case "特困", "特困供养", "特困供养人员" -> TEKUN;
            case "重点优抚", "在乡重点优抚", "重点优抚对象" -> KEY_ENTITLED_VETERAN;
            case "低保边缘" -> DIBAO_MARGINAL;
            case "低收入" -> LOW_INCOME;
            case "因病致贫", "因病支出型" -> ILLNESS_POOR;
            case "返贫致贫" -> RETURNED_TO_POVERTY;
            case "脱贫不稳定" -> UNSTABLE_LIFTED;
            case "边缘易致贫" -> MARGINAL_AT_RISK;
            case "突发严重困难" -> SUDDEN_HARDSHIP;
            case "建档立卡", "建档立卡贫困户" -> REGISTERED_POOR;
            default -> null;
        });
    }
}
