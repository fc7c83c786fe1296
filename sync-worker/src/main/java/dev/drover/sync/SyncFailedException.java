package dev.drover.sync;

/**
 * A run attempt failed. Its log row, failure count and checkpoint are already written; when {@link #retryable()} a
 * later attempt with the same run id resumes from the checkpoint, otherwise (bad token, unknown segment) retrying
 * cannot help and the job should fail at once.
 */
public class SyncFailedException extends RuntimeException {

    private final boolean retryable;

    public SyncFailedException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
