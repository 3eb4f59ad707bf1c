package org.onestop.settlement.settle;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import org.onestop.events.FreeText;
import org.onestop.events.PersonRef;
import org.onestop.events.ResidentIdNumber;
import org.onestop.policy.CareLocation;
import org.onestop.policy.Discharge;
import org.onestop.policy.HospitalLevel;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.Money;
import org.onestop.policy.PolicyCatalog;
import org.onestop.policy.UpstreamInsurance;
import org.onestop.policy.VisitType;
import org.onestop.messaging.personref.PersonRefProperties;
import org.springframework.stereotype.Component;

/**
 * Turns a hospital's request into a {@link DischargeForm}, or names the first field that is wrong. The engine's
 * own consistency checks (total = parts, upstream within scope) run later and name their field too.
 */
@Component
public class DischargeRequests {

    private final PolicyCatalog catalog;
    private final Clock clock;
    private final byte[] secret;

    DischargeRequests(PolicyCatalog catalog, Clock clock, PersonRefProperties personRef) {
        this.catalog = catalog;
        this.clock = clock;
        this.secret = personRef.secretBytes();
    }

    public DischargeForm validate(DischargeRequest r) {
        if (r == null) {
            throw new InvalidRequestException("(body)", "missing-body", "请求体为空 (the request has no body)");
        }
        LocalDate today = LocalDate.now(clock);
        String hospitalId = text("hospitalId", r.hospitalId(), 64);
        String messageId = freeText("messageId", r.messageId(), 64);
        String ref = freeText("hospitalSettlementRef", r.hospitalSettlementRef(), 64);

        String personRef;
        String masked = null;
        ResidentIdNumber idNumber = null;
        boolean hasRef = r.personRef() != null && !r.personRef().isBlank();
        boolean hasId = r.idNumber() != null && !r.idNumber().isBlank();
        if (hasRef == hasId) {
            throw new InvalidRequestException(hasRef ? "idNumber" : "personRef", "person-required",
                    "personRef 与 idNumber 须且只须提供一个 (exactly one of personRef and idNumber is required)");
        }
        if (hasId) {
            Optional<ResidentIdNumber.Problem> problem = ResidentIdNumber.check(r.idNumber().strip(), today);
            if (problem.isPresent()) {
                throw new InvalidRequestException("idNumber", "id-number-" + problem.get().code().toLowerCase(Locale.ROOT).replace('_', '-'),
                        "身份证号码无效: " + problem.get().chinese() + " (the ID number is invalid: " + problem.get().code() + ")");
            }
            idNumber = ResidentIdNumber.of(r.idNumber().strip(), today);
            personRef = idNumber.personRef(secret).value();
            masked = idNumber.mask();
        } else {
            personRef = r.personRef().strip();
            if (!PersonRef.isValid(personRef)) {
                throw new InvalidRequestException("personRef", "person-ref-format", "personRef 须为64位小写十六进制 (must be 64 lowercase hex characters)");
            }
        }

        String region = text("regionCode", r.regionCode(), 6);
        if (!region.matches("\\d{6}")) {
            throw new InvalidRequestException("regionCode", "region-format", "行政区划代码须为6位数字 (must be a 6-digit GB/T 2260 code)");
        }
        String policyRegion = catalog.policyRegionOf(region).orElseThrow(() -> new InvalidRequestException("regionCode",
                "unknown-region", "该地区无一站式结算政策 (no policy covers region " + region + ")"));

        InsuranceType insurance = enumValue("insuranceType", r.insuranceType(), InsuranceType.class, true);
        VisitType visit = enumValue("visitType", r.visitType(), VisitType.class, true);
        HospitalLevel level = enumValue("hospitalLevel", r.hospitalLevel(), HospitalLevel.class, false);
        CareLocation location = enumValue("location", r.location(), CareLocation.class, false);

        LocalDate discharge = date("dischargeDate", r.dischargeDate(), true);
        LocalDate admission = date("admissionDate", r.admissionDate(), false);
        if (discharge.isAfter(today)) {
            throw new InvalidRequestException("dischargeDate", "future-date", "出院日期不能晚于今天 (discharge date " + discharge + " is in the future)");
        }
        if (admission != null && admission.isAfter(discharge)) {
            throw new InvalidRequestException("admissionDate", "admission-after-discharge",
                    "入院日期晚于出院日期 (admission " + admission + " is after discharge " + discharge + ")");
        }
        if (r.costs() == null) {
            throw new InvalidRequestException("costs", "missing", "缺少费用信息 (costs is required)");
        }
        Money total = amount("costs.totalCost", r.costs().totalCost(), true);
        Money inScope = amount("costs.inScope", r.costs().inScope(), false);
        Money partly = amount("costs.partlySelfPaid", r.costs().partlySelfPaid(), false);
        Money out = amount("costs.outOfCatalogue", r.costs().outOfCatalogue(), false);
        if (inScope != null && inScope.isGreaterThan(total)) {
            throw new InvalidRequestException("costs.inScope", "in-scope-above-total",
                    "政策范围内金额大于医疗费总额 (in-scope " + inScope + " is above the total " + total + ")");
        }
        if (inScope == null) {
            inScope = total.minus(partly == null ? Money.ZERO : partly).minus(out == null ? Money.ZERO : out);
            if (inScope.isNegative()) {
                throw new InvalidRequestException("costs.totalCost", "parts-above-total", "费用分项之和大于医疗费总额 (the parts exceed the total)");
            }
        }
        Integer bedDays = r.bedDays();
        if (bedDays != null && bedDays < 0) {
            throw new InvalidRequestException("bedDays", "negative", "住院天数不能为负 (bedDays is negative)");
        }
        UpstreamInsurance upstream = null;
        if (r.upstream() != null) {
            DischargeRequest.Upstream u = r.upstream();
            boolean criticalSupplied = u.hifmiPay() != null && !u.hifmiPay().isBlank() || u.hifobPay() != null && !u.hifobPay().isBlank();
            if ((u.hifpPay() == null || u.hifpPay().isBlank()) && criticalSupplied) {
                // critical illness is paid on what basic left: one computed upstream on a basic payment we are not told
                // cannot be checked, so basic computed here under a supplied critical illness is refused (docs/policies.md)
                throw new InvalidRequestException("upstream.hifpPay", "missing", "提供大病保险支付(hifmiPay/hifobPay)时须同时提供基本医保支付 hifpPay"
                        + " (upstream critical illness needs the basic payment it was computed after; omit both to let the engine compute them)");
            }
            Money basic = amount("upstream.hifpPay", r.upstream().hifpPay(), true);
            upstream = new UpstreamInsurance(basic, amount("upstream.hifmiPay", r.upstream().hifmiPay(), false),
                    amount("upstream.hifobPay", r.upstream().hifobPay(), false));
        }
        String disease = r.diseaseCode() == null || r.diseaseCode().isBlank() ? null : text("diseaseCode", r.diseaseCode(), 64);
        Discharge d = new Discharge(region, admission, discharge, insurance, visit, level, location, Boolean.TRUE.equals(r.referred()),
                total, inScope, partly, out, disease, Boolean.TRUE.equals(r.lateStage()), bedDays == null ? 0 : bedDays,
                Boolean.TRUE.equals(r.designatedMajorDiseaseHospital()), upstream);
        return new DischargeForm(hospitalId, messageId, ref, personRef, masked, policyRegion, d, patient(r, idNumber, discharge));
    }

    /**
     * The statement's patient details: the name masked here (the full name goes no further), sex and age from the ID
     * number when the hospital sent one (it is authoritative), else as the hospital states them.
     */
    private static Patient patient(DischargeRequest r, ResidentIdNumber idNumber, LocalDate discharge) {
        String name = r.patientName() == null || r.patientName().isBlank() ? null : freeText("patientName", r.patientName(), 64);
        String maskedName = name == null ? null : Patient.maskName(name);
        String admission = r.admissionNumber() == null || r.admissionNumber().isBlank() ? null
                : freeText("admissionNumber", r.admissionNumber(), 64);
        if (idNumber != null) {
            return Patient.fromIdNumber(idNumber, discharge, maskedName, admission);
        }
        String sex = null;
        if (r.patientSex() != null && !r.patientSex().isBlank()) {
            sex = switch (r.patientSex().strip()) {
                case "1", "男" -> Patient.MALE;
                case "2", "女" -> Patient.FEMALE;
                default -> throw new InvalidRequestException("patientSex", "unknown-code",
                        "patientSex 取值无效 (GB/T 2261.1: 1 男 or 2 女)");
            };
        }
        Integer age = r.patientAge();
        if (age != null && (age < 0 || age > 150)) {
            throw new InvalidRequestException("patientAge", "out-of-range", "patientAge 须在 0–150 之间 (whole years at discharge)");
        }
        return new Patient(maskedName, sex, age, admission);
    }

    /**
     * The person reference of a raw ID number, exactly as {@link #validate} computes it for {@code idNumber} (the number
     * is neither kept nor echoed).
     *
     * @throws InvalidRequestException naming {@code idNumber} when the number is invalid
     */
    public String personRefOf(String idNumber) {
        LocalDate today = LocalDate.now(clock);
        String v = text("idNumber", idNumber, 18);
        Optional<ResidentIdNumber.Problem> problem = ResidentIdNumber.check(v, today);
        if (problem.isPresent()) {
            throw new InvalidRequestException("idNumber", "id-number-" + problem.get().code().toLowerCase(Locale.ROOT).replace('_', '-'),
                    "身份证号码无效: " + problem.get().chinese() + " (the ID number is invalid: " + problem.get().code() + ")");
        }
        return ResidentIdNumber.of(v, today).personRef(secret).value();
    }

    /**
     * A text the hospital chose (its message id, its own settlement reference): stored and published as sent, so an
     * ID number in it is refused like NUL ({@link FreeText}), naming the field.
     */
    private static String freeText(String field, String value, int max) {
        String v = text(field, value, max);
        if (FreeText.containsIdNumber(v)) {
            throw new InvalidRequestException(field, "id-number-in-free-text", FreeText.Problem.ID_NUMBER.chinese()
                    + " (" + field + " must not contain an ID number; send it in idNumber, it is masked)");
        }
        return v;
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, "missing", "缺少必填字段 " + field + " (" + field + " is required)");
        }
        if (FreeText.containsNul(value)) {
            throw new InvalidRequestException(field, "nul-character", FreeText.Problem.NUL.chinese()
                    + " (" + field + ": U+0000 is not allowed in text)");
        }
        String v = value.strip();
        if (v.length() > max) {
            throw new InvalidRequestException(field, "too-long", field + " 超过 " + max + " 个字符 (longer than " + max + " characters)");
        }
        return v;
    }

    private static <E extends Enum<E>> E enumValue(String field, String value, Class<E> type, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidRequestException(field, "missing", "缺少必填字段 " + field + " (" + field + " is required)");
            }
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "unknown-code", field + " 取值无效 (unknown code; one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ")");
        }
    }

    private static LocalDate date(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidRequestException(field, "missing", "缺少必填字段 " + field + " (" + field + " is required)");
            }
            return null;
        }
        try {
            return isoDate(value.strip());
        } catch (DateTimeException e) { // DateTimeParseException, or a day the month does not have
            throw new InvalidRequestException(field, "date-format", field + " 须为 yyyy-MM-dd 日期 (not an ISO date)");
        }
    }

    /**
     * {@link LocalDate#parse} with a fast path for the plain {@code yyyy-MM-dd} every hospital sends: the formatter's
     * field maps were ~3 % of settlement-service's CPU on the bulk path (issue 17). Anything else goes to the formatter,
     * so what is accepted and refused is unchanged.
     */
    static LocalDate isoDate(String s) {
        if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            int y = digits(s, 0, 4), m = digits(s, 5, 7), d = digits(s, 8, 10);
            if (y >= 0 && m >= 0 && d >= 0) {
                return LocalDate.of(y, m, d);
            }
        }
        return LocalDate.parse(s);
    }

    /** The decimal value of {@code s[from, to)}, or -1 when it is not all ASCII digits. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Yuan with at most two decimals, not negative; numbers arrive as their JSON text, never as a double. */
    static Money amount(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new InvalidRequestException(field, "missing", "缺少必填金额 " + field + " (" + field + " is required)");
            }
            return null;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(field, "amount-format", field + " 不是金额 (not a decimal amount)");
        }
        if (v.signum() < 0) {
            throw new InvalidRequestException(field, "negative", field + " 不能为负 (is negative)");
        }
        if (v.stripTrailingZeros().scale() > 2) {
            throw new InvalidRequestException(field, "amount-precision", field + " 最多两位小数 (more than two decimals)");
        }
        if (v.compareTo(new BigDecimal("100000000")) > 0) {
            throw new InvalidRequestException(field, "amount-too-large", field + " 超出合理范围 (above 100,000,000 yuan)");
        }
        return Money.of(v.setScale(2).toPlainString());
    }
}
