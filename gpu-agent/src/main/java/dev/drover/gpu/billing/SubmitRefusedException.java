package dev.drover.gpu.billing;

/** A job was not accepted, and nothing was written; the message says why in words a user can act on. */
public class SubmitRefusedException extends RuntimeException {
    public SubmitRefusedException(String message) {
        super(message);
    }
}
