package dev.drover.certification.bedrock;

import dev.drover.certification.ErrorCategory;

/**
 * A failed Bedrock call, already classified: its {@link ErrorCategory}, whether another attempt may succeed, and the
 * AWS error code when AWS sent one. The message never contains credentials.
 */
public final class BedrockCallException extends RuntimeException {

    private final ErrorCategory category;
    private final boolean retryable;
    private final String awsErrorCode;

    public BedrockCallException(ErrorCategory category, boolean retryable, String awsErrorCode, String message,
                                Throwable cause) {
        super(message, cause);
        this.category = category;
        this.retryable = retryable;
        this.awsErrorCode = awsErrorCode;
    }

    public ErrorCategory category() {
        return category;
    }

    public boolean retryable() {
        return retryable;
    }

    /** e.g. {@code ThrottlingException}; null when the call failed before AWS answered. */
    public String awsErrorCode() {
        return awsErrorCode;
    }
}
