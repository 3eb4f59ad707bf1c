package org.onestop.settlement.fhir;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;

/**
 * Every refusal the FHIR surface answers, as an OperationOutcome (docs/fhir.md "Errors"): the HTTP status the FHIR
 * RESTful API expects, the FHIR issue type, and the code, which is the same {@code code} the suite's RFC 9457
 * problems carry for the same case elsewhere. The codes form our {@code problem-code} CodeSystem.
 */
enum FhirProblem {

    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, IssueType.NOTFOUND, "没有这个资源 (no such resource)"),
    NOT_SUPPORTED("not-supported", HttpStatus.NOT_FOUND, IssueType.NOTSUPPORTED, "不支持的资源类型或操作 (resource type or interaction not supported)"),
    NOT_ALLOWED_FOR_PARTNER_TYPE("not-allowed-for-partner-type", HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "该类合作方无权调用此接口 (this partner type may not call this)"),
    INVALID_CALLER("invalid-caller", HttpStatus.BAD_REQUEST, IssueType.SECURITY, "调用方标识无效 (the caller claims are invalid)"),
    INVALID_PERSON_REF_FORMAT("invalid-person-ref-format", HttpStatus.BAD_REQUEST, IssueType.INVALID, "patient 须为人员标识 personRef (patient must be a personRef)"),
    INVALID_YEAR_RANGE("invalid-year-range", HttpStatus.BAD_REQUEST, IssueType.INVALID, "created 须为年度 yyyy (created must be a year)"),
    INVALID_COUNT("invalid-count", HttpStatus.BAD_REQUEST, IssueType.INVALID, "_count 须为非负整数 (_count must be a non-negative integer)"),
    INVALID_PARAMETER("invalid-parameter", HttpStatus.BAD_REQUEST, IssueType.INVALID, "检索参数无效 (invalid search parameter value)"),
    UNKNOWN_SEARCH_PARAMETER("unknown-search-parameter", HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, "不支持的检索参数 (unknown search parameter)"),
    REPEATED_SEARCH_PARAMETER("repeated-search-parameter", HttpStatus.BAD_REQUEST, IssueType.INVALID, "检索参数重复 (search parameter given more than once)"),
    INVALID_PAGE_TOKEN("invalid-page-token", HttpStatus.BAD_REQUEST, IssueType.INVALID, "分页令牌无效 (the page token does not verify or does not match the search)"),
    PAGE_TOKEN_NOT_YOURS("page-token-not-yours", HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, "分页令牌不属于本调用方 (the page token was issued to another caller)"),
    PAGE_TOKEN_EXPIRED("page-token-expired", HttpStatus.GONE, IssueType.EXPIRED, "分页令牌已过期，请重新检索 (the page token expired: search again)"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, IssueType.EXCEPTION, "服务内部错误 (internal error; the request may be retried)");

    private final String code;
    private final HttpStatus status;
    private final IssueType issueType;
    private final String display;

    FhirProblem(String code, HttpStatus status, IssueType issueType, String display) {
        this.code = code;
        this.status = status;
        this.issueType = issueType;
        this.display = display;
    }

    String code() {
        return code;
    }

    HttpStatus status() {
        return status;
    }

    IssueType issueType() {
        return issueType;
    }

    String display() {
        return display;
    }

    /** A refusal of this kind; {@code parameter}, when one search parameter is at fault, becomes {@code http.<name>}. */
    FhirException with(String detail, String parameter) {
        return new FhirException(this, detail, parameter);
    }

    /** A refusal the FHIR surface answers as an OperationOutcome ({@link FhirErrors}); never holds request data. */
    static final class FhirException extends RuntimeException {

        private final FhirProblem problem;
        private final String parameter;

        FhirException(FhirProblem problem, String detail, String parameter) {
            super(detail, null, false, false);
            this.problem = problem;
            this.parameter = parameter;
        }

        FhirProblem problem() {
            return problem;
        }

        String parameter() {
            return parameter;
        }
    }
}
