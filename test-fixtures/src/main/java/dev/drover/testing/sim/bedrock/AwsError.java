package dev.drover.testing.sim.bedrock;

/**
 * An error as Bedrock sends it: an HTTP status, the error type in the {@code x-amzn-ErrorType} header, and a body
 * {@code {"message": "..."}}. The AWS SDK turns the type into the matching exception class
 * ({@code ThrottlingException}, {@code AccessDeniedException}, ...).
 *
 * @param status  the HTTP status
 * @param type    the AWS error code, e.g. {@code ThrottlingException}
 * @param message the human message
 */
public record AwsError(int status, String type, String message) {

    public static AwsError throttling() {
        return new AwsError(429, "ThrottlingException", "Too many requests, please wait before trying again.");
    }

    public static AwsError accessDenied() {
        return new AwsError(403, "AccessDeniedException",
                "You don't have access to the model with the specified model ID.");
    }

    /** What AWS answers when the request's signature uses credentials it does not know. */
    public static AwsError unrecognizedClient() {
        return new AwsError(403, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    public static AwsError validation(String message) {
        return new AwsError(400, "ValidationException", message);
    }

    public static AwsError invalidModelIdentifier() {
        return validation("The provided model identifier is invalid.");
    }

    /** What Bedrock answers when a model that needs an inference profile is called by its bare model id. */
    public static AwsError onDemandNotSupported(String modelId) {
        return validation("Invocation of model ID " + modelId + " with on-demand throughput isn't supported. Retry"
                + " your request with the ID or ARN of an inference profile that contains this model.");
    }

    public static AwsError notFound(String message) {
        return new AwsError(404, "ResourceNotFoundException", message);
    }

    public static AwsError serviceUnavailable() {
        return new AwsError(503, "ServiceUnavailableException", "Service unavailable. Try your request again.");
    }

    public static AwsError internal() {
        return new AwsError(500, "InternalServerException", "The server encountered an internal error.");
    }

    /** Bedrock's "model is warming up" answer; the SDK treats it as retryable. */
    public static AwsError modelNotReady() {
        return new AwsError(429, "ModelNotReadyException", "Model is not ready to serve inference requests.");
    }
}
