package org.onestop.policy;

/** The payers of a settlement, in the order the engine applies them (先保险后救助). */
public enum Layer {
    /** 基本医保统筹基金 */
    BASIC("基本医疗保险"),
    /** 大病保险 (resident) or 职工大额医疗费用补助 (employee) */
    CRITICAL_ILLNESS("大病保险"),
    /** 医疗救助 (basic assistance by category), incl. Shanxi's single-disease assistance */
    ASSISTANCE("医疗救助"),
    /** 倾斜救助 or 再救助: a second assistance layer on what remains after assistance */
    SECONDARY_ASSISTANCE("倾斜救助/再救助"),
    /** 财政兜底/慈善 (Jiujiang: out-of-catalogue cost of class-1 recipients up to 10 % of total) */
    BACKSTOP("财政兜底"),
    /** cost above a single-disease cap price, borne by the hospital */
    HOSPITAL_BORNE("医院负担"),
    /** a one-time grant paid to the person, outside the bill (Shanxi 大病关怀救助) */
    CARE_GRANT("大病关怀救助");

    private final String chineseName;

    Layer(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }
}
