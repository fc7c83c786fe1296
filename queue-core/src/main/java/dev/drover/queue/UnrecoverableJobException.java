package dev.drover.queue;

/**
 * Thrown by a processor to fail the job now, without the retries its {@code attempts} option would allow.
 */
public class UnrecoverableJobException extends RuntimeException {

    public UnrecoverableJobException(String message) {
        super(message);
    }

    public UnrecoverableJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
