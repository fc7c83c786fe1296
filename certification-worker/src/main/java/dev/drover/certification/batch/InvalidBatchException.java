package dev.drover.certification.batch;

/**
 * A {@code certify-batch} request that can never succeed (unknown type, no regions, unknown model...). The batch job
 * fails at once with {@link #getMessage()} as its reason; nothing is written, because validation happens before, or
 * inside the transaction of, every write.
 */
public final class InvalidBatchException extends RuntimeException {

    public InvalidBatchException(String message) {
        super(message);
    }
}
