package dev.drover.queue.postgres;

/**
 * Sees an {@link OutboxRelay} at work, for metrics and logs (and for tests that stop a process mid-relay). Called on
 * the relay's thread inside its claiming transaction; must be quick. Every method does nothing by default.
 */
public interface RelayObserver {

    /** Observes nothing. */
    RelayObserver NONE = new RelayObserver() { };

    /**
     * The row's job was handed to Redis and the row is not marked relayed yet. {@code added} is false when an earlier
     * relay had added it already (its marker was found), so this one added nothing.
     */
    default void added(OutboxEntry entry, boolean added) {
    }

    /** A relay of the row failed; it is tried again later. */
    default void failed(OutboxEntry entry, Exception e) {
    }
}
