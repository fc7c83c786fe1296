package dev.drover.sync.crm;

import java.time.Duration;

/** One attempt failed in a way a retry may fix (429, 5xx, I/O, timeout, malformed JSON). Internal to the client. */
final class RetryableFailure extends Exception {

    final int status;
    final Duration retryAfter;

    RetryableFailure(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }
}
