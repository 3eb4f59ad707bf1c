package org.onestop.identity.batch;

/** Why a row was rejected: a bounded set of machine codes (also the metric's {@code reason} label) with the clerk's words. */
public enum RowReason {
    ID_FORMAT("身份证号码应为18位(前17位为数字,末位为数字或X)"),
    ID_ADDRESS("身份证号码前6位不是有效的行政区划代码"),
    ID_BIRTH_DATE("身份证号码中的出生日期无效"),
    ID_CHECK_DIGIT("身份证号码校验位错误,请核对号码"),
    // Hints where the clerk's spreadsheet tool, not the clerk, damaged the number (checked before the generic ID_*).
    ID_SCIENTIFIC_NOTATION("身份证号码被表格软件显示成了科学计数法(如1.40105E+17),原号码已丢失:请将该列设为文本格式后重新输入完整的18位号码"),
    ID_DIGITS_LOST("身份证号码不足18位且全是数字:表格软件把它当作数字处理,可能丢失了前导零或末尾数字;请将该列设为文本格式后重新输入完整号码"),
    ID_FULL_WIDTH("身份证号码中有全角字符(如1、X或全角空格):请改用半角数字和半角X"),
    ID_NUMBER_CELL("身份证号码单元格是数字格式:数字单元格无法精确保存18位号码(第16位以后会变成0);请将该列设为文本格式后重新输入号码"),
    HOUSEHOLD_HEAD_ID_INVALID("户主身份证号码无效"),
    NAME_MISSING("缺少姓名"),
    UNKNOWN_TYPE("未知的对象类别(身份类型)"),
    TYPE_NOT_OWNED("本部门无权报送该类别的身份"),
    REGION_UNKNOWN("行政区划代码不在本系统覆盖的地区内"),
    UNKNOWN_CHANGE("未知的动态调整工作类型(应为新识别、自然增加、自然减少、退出或更正)"),
    DATE_MISSING("缺少动态调整时间(开始日期)"),
    DATE_INVALID("日期格式无法识别(应为YYYY-MM-DD)"),
    END_BEFORE_START("结束日期早于开始日期"),
    START_TOO_FAR_AHEAD("开始日期晚于今天超过允许的天数"),
    EXIT_BEFORE_START("退出日期早于该身份的开始日期"),
    NO_OPEN_PERIOD("该人员没有可退出的有效同类身份"),
    NO_PERIOD_TO_CORRECT("该人员没有可更正的同类身份"),
    PERIOD_OVERLAP("该人员在此期间已有同类身份"),
    DUPLICATE_IN_BATCH("与本批次前面的行重复"),
    CONTRADICTION_IN_BATCH("与本批次前面同一人员同一类别的行矛盾"),
    LINE_TOO_LONG("该行过长,已跳过"),
    COLUMN_COUNT("该行的列数与表头不符"),
    MALFORMED_ROW("该行格式错误(引号不匹配)");

    private final String chinese;

    RowReason(String chinese) {
        this.chinese = chinese;
    }

    public String code() {
        return name();
    }

    public String chinese() {
        return chinese;
    }
}
