package dev.drover.certification;

import java.util.Locale;

/**
 * Why a certification test failed. The critical categories mean the model cannot be used in the region at all, so a
 * certification that meets any of them is not passed whatever its score (SPEC 4.1).
 */
public enum ErrorCategory {
    /** Not listed in the region, not ACTIVE, or an unknown model id. */
    UNAVAILABLE(true),
    /** The account has no access to the model (AccessDeniedException). */
    PERMISSION(true),
    /** Credentials missing, unknown or expired. */
    AUTHENTICATION(true),
    /** The worker is set up wrongly (endpoint, region). */
    CONFIGURATION(true),
    /** The model needs an inference profile or provisioned throughput that is not there. */
    PROVISIONING_REQUIRED(true),
    /** Still throttled after every retry. */
    THROTTLING(false),
    /** No answer in time, after every retry. */
    TIMEOUT(false),
    /** Bedrock rejected the request (ValidationException). */
    VALIDATION(false),
    /** Bedrock failed (5xx), after every retry. */
    SERVICE_ERROR(false),
    /** The connection failed, after every retry. */
    NETWORK(false),
    /** The model answered, but not what the test asked for. */
    INVALID_RESPONSE(false),
    UNKNOWN(false);

    private final boolean critical;

    ErrorCategory(boolean critical) {
        this.critical = critical;
    }

    public boolean critical() {
        return critical;
    }

    /** The lower-case name stored in Postgres and in test results, e.g. {@code provisioning_required}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
