package dev.drover.gpu.images;

/** A generateContent call failed; {@link #retryable()} for throttling (429), server errors (5xx) and I/O errors. */
public final class GeminiException extends RuntimeException {

    private final int status;
    private final boolean retryable;

    public GeminiException(int status, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status; 0 for an I/O error, 200 for an answer without an image. */
    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }
}
