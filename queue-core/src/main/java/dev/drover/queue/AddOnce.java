package dev.drover.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * Makes an add happen at most once, however often it is repeated: {@link Queue#addOnce} and
 * {@link FlowProducer#addOnce} with the same {@code id} add the job (or flow) the first time and nothing afterwards,
 * even after the job has completed and been removed, for as long as the marker {@code P:Q:once:<id>} lives
 * ({@code remember} from the first add, or until {@link Queue#forgetAddOnce}). A custom job id alone cannot do that:
 * once its job is removed, the same id adds a new job.
 *
 * <p>Meant for relays that may repeat an add after a crash, such as a transactional outbox: the marker is written
 * in the same script call as the job, so there is no moment at which one exists without the other.
 *
 * @param id       names the add within its queue (non-blank)
 * @param remember how long the marker lives (> 0); it must outlast the longest time the caller may repeat the add
 */
public record AddOnce(String id, Duration remember) {

    public AddOnce {
        Objects.requireNonNull(id, "add-once id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("add-once id must not be blank");
        }
        Objects.requireNonNull(remember, "add-once remember");
        if (remember.isNegative() || remember.isZero()) {
            throw new IllegalArgumentException("add-once remember must be > 0, got " + remember);
        }
    }
}
