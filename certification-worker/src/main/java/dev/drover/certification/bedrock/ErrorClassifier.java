package dev.drover.certification.bedrock;

import dev.drover.certification.ErrorCategory;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns whatever a Bedrock call threw into a {@link BedrockCallException}. Retryable: throttling (429, quota,
 * model-not-ready), timeouts, 5xx and connection failures. Terminal: access denied, authentication, validation, not
 * found and provisioning required. Bedrock reports "needs an inference profile" and "unknown model id" as plain
 * ValidationExceptions, so those two are told apart by their message.
 */
public final class ErrorClassifier {

    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "TooManyRequestsException",
            "ModelNotReadyException", "ServiceQuotaExceededException");
    private static final Set<String> AUTHENTICATION = Set.of("UnrecognizedClientException",
            "InvalidSignatureException", "ExpiredTokenException", "MissingAuthenticationTokenException",
            "IncompleteSignatureException", "InvalidClientTokenId");

    private ErrorClassifier() {
    }

    public static BedrockCallException classify(Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof BedrockCallException b) {
            return b;
        }
        if (t instanceof AwsServiceException aws) {
            return service(aws);
        }
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException
                || t instanceof TimeoutException) {
            return new BedrockCallException(ErrorCategory.TIMEOUT, true, null, "no answer in time: " + t.getMessage(), t);
        }
        if (t instanceof SdkClientException) {
            return client(t);
        }
        return new BedrockCallException(ErrorCategory.UNKNOWN, false, null, String.valueOf(t), t);
    }

    private static BedrockCallException service(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        int status = e.statusCode();
        String text = code + " (" + status + "): " + message;
        if (THROTTLING.contains(code) || status == 429) {
            return new BedrockCallException(ErrorCategory.THROTTLING, true, code, text, e);
        }
        if (code.equals("AccessDeniedException")) {
            return new BedrockCallException(ErrorCategory.PERMISSION, false, code, text, e);
        }
        if (AUTHENTICATION.contains(code)) {
            return new BedrockCallException(ErrorCategory.AUTHENTICATION, false, code, text, e);
        }
        if (code.equals("ResourceNotFoundException")) {
            return new BedrockCallException(ErrorCategory.UNAVAILABLE, false, code, text, e);
        }
        if (code.equals("ValidationException")) {
            return new BedrockCallException(validationCategory(message), false, code, text, e);
        }
        if (code.equals("ModelTimeoutException") || status == 408) {
            return new BedrockCallException(ErrorCategory.TIMEOUT, true, code, text, e);
        }
        if (status >= 500 || code.equals("ModelErrorException")) {
            return new BedrockCallException(ErrorCategory.SERVICE_ERROR, true, code, text, e);
        }
        return new BedrockCallException(ErrorCategory.UNKNOWN, false, code, text, e);
    }

    private static ErrorCategory validationCategory(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("inference profile") || m.contains("on-demand throughput") || m.contains("provisioned")) {
            return ErrorCategory.PROVISIONING_REQUIRED;
        }
        if (m.contains("model identifier is invalid")) {
            return ErrorCategory.UNAVAILABLE;
        }
        return ErrorCategory.VALIDATION;
    }

    private static BedrockCallException client(Throwable t) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("Unable to load credentials")) {
            return new BedrockCallException(ErrorCategory.AUTHENTICATION, false, null, m, t);
        }
        if (m.contains("Unable to load region") || m.contains("endpoint")) {
            return new BedrockCallException(ErrorCategory.CONFIGURATION, false, null, m, t);
        }
        boolean io = t.getCause() instanceof IOException || unwrap(t.getCause()) instanceof IOException;
        return new BedrockCallException(io ? ErrorCategory.NETWORK : ErrorCategory.UNKNOWN, io, null, m, t);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
