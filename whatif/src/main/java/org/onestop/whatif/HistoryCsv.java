package org.onestop.whatif;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.onestop.policy.CareLocation;
import org.onestop.policy.Discharge;
import org.onestop.policy.Grant;
import org.onestop.policy.HospitalLevel;
import org.onestop.policy.IdentityPeriod;
import org.onestop.policy.InsuranceType;
import org.onestop.policy.Money;
import org.onestop.policy.UpstreamInsurance;
import org.onestop.policy.VisitType;

/**
 * The export of the books a what-if replays (docs/what-if.md "Export"): one line per fact, its kind first and the
 * person reference second, so lines can be grouped by person in any order (a Spark job reads the file as text).
 * Amounts are yuan with two decimals; free text (disease codes) is URL-encoded so that it never holds a comma.
 *
 * <pre>
 * I,personRef,identityType,validFrom,validUntil
 * G,personRef,policyRegion,grantId,kind,applicationDate
 * D,personRef,settlementId,seq,regionCode,admissionDate,dischargeDate,insuranceType,visitType,hospitalLevel,location,
 *   referred,totalCost,inScope,partlySelfPaid,outOfCatalogue,diseaseCode,lateStage,bedDays,designated,
 *   upstreamBasic,upstreamCritical,upstreamLargeAmount
 * </pre>
 */
public final class HistoryCsv {

    private HistoryCsv() {
    }

    /** The person reference a line is about (its second field). */
    public static String personOf(String line) {
        int a = line.indexOf(',');
        int b = line.indexOf(',', a + 1);
        return line.substring(a + 1, b < 0 ? line.length() : b);
    }

    /** The lines of one person's book, identities, then grants, then discharges. */
    public static List<String> lines(PersonHistory h) {
        List<String> out = new ArrayList<>(h.identities().size() + h.grants().size() + h.entries().size());
        String p = h.personRef();
        for (IdentityPeriod i : h.identities()) {
            out.add(String.join(",", "I", p, i.type(), i.from().toString(), i.until() == null ? "" : i.until().toString()));
        }
        for (PersonHistory.Granted g : h.grants()) {
            out.add(String.join(",", "G", p, g.policyRegion(), text(g.grant().id()), g.grant().kind(),
                    g.grant().applicationDate().toString()));
        }
        for (PersonHistory.Booked b : h.entries()) {
            Discharge d = b.discharge();
            UpstreamInsurance u = d.upstream();
            out.add(String.join(",", "D", p, b.settlementId(), Long.toString(b.seq()), d.regionCode(),
                    d.admissionDate().toString(), d.dischargeDate().toString(), d.insuranceType().name(), d.visitType().name(),
                    d.hospitalLevel().name(), d.location().name(), Boolean.toString(d.referred()), d.totalCost().toString(),
                    d.inScope().toString(), d.partlySelfPaid().toString(), d.outOfCatalogue().toString(),
                    d.diseaseCode() == null ? "" : text(d.diseaseCode()), Boolean.toString(d.lateStage()),
                    Integer.toString(d.bedDays()), Boolean.toString(d.designatedMajorDiseaseHospital()),
                    u == null ? "" : u.basicFund().toString(), u == null ? "" : yuanOrEmpty(u.criticalIllness()),
                    u == null ? "" : yuanOrEmpty(u.employeeLargeAmount())));
        }
        return out;
    }

    /**
     * One person's book from its lines (any order).
     *
     * @throws IllegalArgumentException naming the line's kind and position when a line cannot be read
     */
    public static PersonHistory read(String personRef, Iterable<String> lines) {
        List<IdentityPeriod> identities = new ArrayList<>();
        List<PersonHistory.Granted> grants = new ArrayList<>();
        List<PersonHistory.Booked> entries = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (!f[1].equals(personRef)) {
                throw new IllegalArgumentException("a line of another person in the book of " + personRef);
            }
            switch (f[0]) {
                case "I" -> identities.add(new IdentityPeriod(f[2], LocalDate.parse(f[3]), f[4].isEmpty() ? null : LocalDate.parse(f[4])));
                case "G" -> grants.add(new PersonHistory.Granted(f[2], new Grant(untext(f[3]), f[4], LocalDate.parse(f[5]))));
                case "D" -> entries.add(new PersonHistory.Booked(f[2], Long.parseLong(f[3]), discharge(f)));
                default -> throw new IllegalArgumentException("unknown line kind '" + f[0] + "'");
            }
        }
        return new PersonHistory(personRef, identities, grants, entries);
    }

    private static Discharge discharge(String[] f) {
        if (f.length != 23) {
            throw new IllegalArgumentException("a discharge line has 23 fields, not " + f.length);
        }
        UpstreamInsurance upstream = f[20].isEmpty() ? null
                : new UpstreamInsurance(Money.of(f[20]), moneyOrNull(f[21]), moneyOrNull(f[22]));
        return new Discharge(f[4], LocalDate.parse(f[5]), LocalDate.parse(f[6]), InsuranceType.valueOf(f[7]),
                VisitType.valueOf(f[8]), HospitalLevel.valueOf(f[9]), CareLocation.valueOf(f[10]), Boolean.parseBoolean(f[11]),
                Money.of(f[12]), Money.of(f[13]), Money.of(f[14]), Money.of(f[15]), f[16].isEmpty() ? null : untext(f[16]),
                Boolean.parseBoolean(f[17]), Integer.parseInt(f[18]), Boolean.parseBoolean(f[19]), upstream);
    }

    private static String yuanOrEmpty(Money m) {
        return m == null ? "" : m.toString();
    }

    private static Money moneyOrNull(String yuan) {
        return yuan.isEmpty() ? null : Money.of(yuan);
    }

    private static String text(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String untext(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
