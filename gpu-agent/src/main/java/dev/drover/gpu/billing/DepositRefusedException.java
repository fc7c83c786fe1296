package dev.drover.gpu.billing;

/** A deposit was not recorded, and nothing was written; the message says why. */
public class DepositRefusedException extends RuntimeException {
    public DepositRefusedException(String message) {
        super(message);
    }
}
