package org.onestop.policy;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One discharge (or outpatient settlement) to settle. Amounts are in yuan to the fen.
 *
 * @param regionCode        GB/T 2260 code of the insurance region (county codes map to their policy region)
 * @param admissionDate     admission (equal to {@code dischargeDate} for outpatient care)
 * @param dischargeDate     decides the year, the identities and the policy version (以出院时间为准)
 * @param totalCost         {@code medfee_sumamt}: everything billed
 * @param inScope           {@code inscp_scp_amt}: cost within the basic-insurance policy scope (政策范围内)
 * @param partlySelfPaid    {@code preselfpay_amt}: the self-paid part of partly covered items (乙类先行自付)
 * @param outOfCatalogue    {@code fulamt_ownpay_amt}: items outside the catalogue (目录外/全自费)
 * @param diseaseCode       disease key where a policy needs one (e.g. {@code LUNG_CANCER}); may be null
 * @param lateStage         hospital attests a listed major disease in its late stage (Shanxi 九)
 * @param bedDays           bed days of an inpatient stay (Liaoning's per-bed-day quota)
 * @param designatedMajorDiseaseHospital the hospital is designated for single-disease capped payment (Shanxi 八)
 * @param upstream          insurance already settled upstream, or null to let the engine compute it
 */
public record Discharge(
        String regionCode,
        LocalDate admissionDate,
        LocalDate dischargeDate,
        InsuranceType insuranceType,
        VisitType visitType,
        HospitalLevel hospitalLevel,
        CareLocation location,
        boolean referred,
        Money totalCost,
        Money inScope,
        Money partlySelfPaid,
        Money outOfCatalogue,
        String diseaseCode,
        boolean lateStage,
        int bedDays,
        boolean designatedMajorDiseaseHospital,
        UpstreamInsurance upstream) {

    public Discharge {
        Objects.requireNonNull(regionCode, "regionCode");
        Objects.requireNonNull(dischargeDate, "dischargeDate");
        admissionDate = admissionDate == null ? dischargeDate : admissionDate;
        Objects.requireNonNull(insuranceType, "insuranceType");
        Objects.requireNonNull(visitType, "visitType");
        hospitalLevel = hospitalLevel == null ? HospitalLevel.SECONDARY : hospitalLevel;
        location = location == null ? CareLocation.IN_REGION : location;
        Objects.requireNonNull(totalCost, "totalCost");
        inScope = inScope == null ? totalCost : inScope;
        partlySelfPaid = partlySelfPaid == null ? Money.ZERO : partlySelfPaid;
        outOfCatalogue = outOfCatalogue == null ? Money.ZERO : outOfCatalogue;
    }

    public static Builder builder(String regionCode, LocalDate dischargeDate) {
        return new Builder(regionCode, dischargeDate);
    }

    public Builder toBuilder() {
        Builder b = new Builder(regionCode, dischargeDate);
        b.admissionDate = admissionDate;
        b.insuranceType = insuranceType;
        b.visitType = visitType;
        b.hospitalLevel = hospitalLevel;
        b.location = location;
        b.referred = referred;
        b.totalCost = totalCost;
        b.inScope = inScope;
        b.partlySelfPaid = partlySelfPaid;
        b.outOfCatalogue = outOfCatalogue;
        b.diseaseCode = diseaseCode;
        b.lateStage = lateStage;
        b.bedDays = bedDays;
        b.designated = designatedMajorDiseaseHospital;
        b.upstream = upstream;
        return b;
    }

    /** A fluent builder; unset fields default to a resident inpatient stay in region at a secondary hospital. */
    public static final class Builder {
        private final String regionCode;
        private LocalDate dischargeDate;
        private LocalDate admissionDate;
        private InsuranceType insuranceType = InsuranceType.RESIDENT;
        private VisitType visitType = VisitType.INPATIENT;
        private HospitalLevel hospitalLevel = HospitalLevel.SECONDARY;
        private CareLocation location = CareLocation.IN_REGION;
        private boolean referred;
        private Money totalCost = Money.ZERO;
        private Money inScope;
        private Money partlySelfPaid = Money.ZERO;
        private Money outOfCatalogue = Money.ZERO;
        private String diseaseCode;
        private boolean lateStage;
        private int bedDays;
        private boolean designated;
        private UpstreamInsurance upstream;

        private Builder(String regionCode, LocalDate dischargeDate) {
            this.regionCode = regionCode;
            this.dischargeDate = dischargeDate;
        }

        public Builder dischargeDate(LocalDate d) { this.dischargeDate = d; return this; }
        public Builder admissionDate(LocalDate d) { this.admissionDate = d; return this; }
        public Builder insurance(InsuranceType t) { this.insuranceType = t; return this; }
        public Builder visit(VisitType t) { this.visitType = t; return this; }
        public Builder level(HospitalLevel l) { this.hospitalLevel = l; return this; }
        public Builder location(CareLocation l) { this.location = l; return this; }
        public Builder referred(boolean r) { this.referred = r; return this; }
        public Builder disease(String code) { this.diseaseCode = code; return this; }
        public Builder lateStage(boolean b) { this.lateStage = b; return this; }
        public Builder bedDays(int days) { this.bedDays = days; return this; }
        public Builder designatedMajorDiseaseHospital(boolean b) { this.designated = b; return this; }
        public Builder upstream(UpstreamInsurance u) { this.upstream = u; return this; }

        /** All cost in scope. */
        public Builder cost(String total) {
            this.totalCost = Money.of(total);
            this.inScope = this.totalCost;
            this.partlySelfPaid = Money.ZERO;
            this.outOfCatalogue = Money.ZERO;
            return this;
        }

        /** Total split into in-scope, partly self-paid and out-of-catalogue; total is their sum. */
        public Builder cost(String inScope, String partlySelfPaid, String outOfCatalogue) {
            this.inScope = Money.of(inScope);
            this.partlySelfPaid = Money.of(partlySelfPaid);
            this.outOfCatalogue = Money.of(outOfCatalogue);
            this.totalCost = this.inScope.plus(this.partlySelfPaid).plus(this.outOfCatalogue);
            return this;
        }

        public Builder upstream(String basicFund, String criticalIllness) {
            this.upstream = UpstreamInsurance.of(basicFund, criticalIllness);
            return this;
        }

        public Discharge build() {
            return new Discharge(regionCode, admissionDate, dischargeDate, insuranceType, visitType, hospitalLevel,
                    location, referred, totalCost, inScope, partlySelfPaid, outOfCatalogue, diseaseCode, lateStage,
                    bedDays, designated, upstream);
        }
    }
}
