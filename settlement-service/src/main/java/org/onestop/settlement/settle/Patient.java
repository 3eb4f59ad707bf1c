package org.onestop.settlement.settle;

import java.time.LocalDate;
import java.time.Period;
import org.onestop.events.ResidentIdNumber;

/**
 * Who the statement is for, as much as it may show (docs/security.md, "Patient details on the statement"): the name
 * masked to its first character (张三 → 张*; the full name is never stored), sex, age in whole years at discharge and the
 * hospital's admission number (住院号). Sex and age beside the ID mask narrow the number no further than the birth year
 * the suite already allows; never the birth date.
 *
 * @param maskedName      first character and one {@code *} per further character; null when not sent
 * @param sex             GB/T 2261.1 code: 1 男, 2 女; null when unknown
 * @param age             whole years (周岁) on the discharge date; null when unknown
 * @param admissionNumber the hospital's 住院号; null when not sent
 */
public record Patient(String maskedName, String sex, Integer age, String admissionNumber) {

    public static final String MALE = "1";
    public static final String FEMALE = "2";

    /** 张三 → 张*, 欧阳娜娜 → 欧***: one character shown whatever the surname's length, so none is guessed from the mask. */
    public static String maskName(String name) {
        int[] cp = name.strip().codePoints().toArray();
        return new String(cp, 0, 1) + "*".repeat(Math.max(cp.length - 1, 1));
    }

    /** GB 11643: the 17th character's parity is the sex (odd 男, even 女); the age is counted from the birth date. */
    static Patient fromIdNumber(ResidentIdNumber id, LocalDate dischargeDate, String maskedName, String admissionNumber) {
        int sequenceLast = id.value().charAt(16) - '0';
        int age = Period.between(id.birthDate(), dischargeDate).getYears();
        return new Patient(maskedName, sequenceLast % 2 == 1 ? MALE : FEMALE, Math.max(age, 0), admissionNumber);
    }

    /** True when nothing is known (an older answer, a bulk discharge): the statement leaves the lines blank. Not named {@code isEmpty}: Jackson would publish it as a member of the answer. */
    public boolean nothingKnown() {
        return maskedName == null && sex == null && age == null && admissionNumber == null;
    }
}
