package org.onestop.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The identity categories partner departments determine. The codes are the contract: the policy YAML
 * and every topic use {@link #name()}; the Chinese name is for people.
 */
public enum IdentityType {
    TEKUN("特困人员", Department.CIVIL_AFFAIRS),
    ORPHAN("孤儿", Department.CIVIL_AFFAIRS),
    DE_FACTO_UNSUPPORTED_CHILD("事实无人抚养儿童", Department.CIVIL_AFFAIRS),
    KEY_DIFFICULT_CHILD("重点困境儿童", Department.CIVIL_AFFAIRS),
    DIBAO("低保对象", Department.CIVIL_AFFAIRS),
    DIBAO_MARGINAL("低保边缘家庭成员", Department.CIVIL_AFFAIRS),
    ILLNESS_POOR("因病致贫重病患者/因病支出型困难家庭患者", Department.CIVIL_AFFAIRS),
    LOW_INCOME("低收入救助对象", Department.CIVIL_AFFAIRS),
    OTHER_SPECIAL_HARDSHIP("其他特殊困难人员", Department.CIVIL_AFFAIRS),
    RETURNED_TO_POVERTY("返贫致贫人口", Department.RURAL_REVITALIZATION),
    UNSTABLE_LIFTED("脱贫不稳定人口", Department.RURAL_REVITALIZATION),
    MARGINAL_AT_RISK("边缘易致贫人口", Department.RURAL_REVITALIZATION),
    SUDDEN_HARDSHIP("突发严重困难人口", Department.RURAL_REVITALIZATION),
    LIFTED_UNMONITORED("脱贫人口(未纳入监测)", Department.RURAL_REVITALIZATION),
    REGISTERED_POOR("建档立卡贫困人口", Department.RURAL_REVITALIZATION),
    KEY_ENTITLED_VETERAN("在乡重点优抚对象", Department.VETERANS_AFFAIRS),
    SIX_CATEGORIES("六类对象", Department.VETERANS_AFFAIRS),
    TWO_CATEGORIES("两类人员", Department.VETERANS_AFFAIRS);

    private final String chineseName;
    private final Department owner;

    IdentityType(String chineseName, Department owner) {
        this.chineseName = chineseName;
        this.owner = owner;
    }

    public String chineseName() {
        return chineseName;
    }

    /** The department that determines this identity and alone may push it. */
    public Department owner() {
        return owner;
    }

    /**
     * Parses a code ({@code DIBAO}), the full Chinese name, or the short forms the paper forms use
     * (对象类别: 低保 / 特困 / 重点优抚 …). Empty when nothing matches.
     */
    public static Optional<IdentityType> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip();
        Optional<IdentityType> exact = Arrays.stream(values())
                .filter(v -> v.name().equalsIgnoreCase(t) || v.chineseName.equals(t))
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
