package dev.drover.sync.crm;

/**
 * A SprintHub call failed for good: a terminal answer (4xx other than 429), or a retryable failure (429, 5xx, I/O,
 * timeout, malformed JSON) that outlasted every attempt. Messages name the call with its token redacted.
 */
public class SprintHubException extends RuntimeException {

    private final int status;
    private final int attempts;
    private final boolean retryable;

    public SprintHubException(String message, int status, int attempts, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.attempts = attempts;
        this.retryable = retryable;
    }

    /** The last HTTP status, or {@code -1} when the last attempt got no response (I/O error, timeout). */
    public int status() {
        return status;
    }

    /** HTTP requests made by the failed call, retries included. */
    public int attempts() {
        return attempts;
    }

    /** Whether a later try may succeed (throttling, server or network trouble), as opposed to a bad request. */
    public boolean retryable() {
        return retryable;
    }
}
