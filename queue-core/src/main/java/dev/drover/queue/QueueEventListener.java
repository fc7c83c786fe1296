package dev.drover.queue;

/**
 * Receives a queue's events in stream order, one at a time on the QueueEvents thread. Must be fast and should not
 * throw; an exception is logged and the next event still arrives.
 */
@FunctionalInterface
public interface QueueEventListener {

    void onEvent(QueueEvent event);
}
