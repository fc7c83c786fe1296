package dev.drover.demo;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything the demo started (servers, simulators, processes, temp directories), closed in reverse order of
 * registration. {@link #close()} is idempotent and safe to call from a shutdown hook and the main thread at once:
 * whoever comes first closes, the other waits for it.
 */
final class Resources implements AutoCloseable {

    private final Deque<AutoCloseable> stack = new ArrayDeque<>();
    private final Thread hook = new Thread(this::close, "drover-demo-cleanup");
    private boolean closed;

    /** Registers a JVM shutdown hook that closes everything (Ctrl-C, SIGTERM). */
    Resources withShutdownHook() {
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /** Registers {@code resource} to be closed, and returns it. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            throw new IllegalStateException("already closed");
        }
        stack.push(resource);
        return resource;
    }

    /** Closes every resource, newest first; one failing does not stop the others. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!stack.isEmpty()) {
            try {
                stack.pop().close();
            } catch (Exception e) {
                System.err.println("cleanup: " + e);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException ignored) {
            // the JVM is already exiting (we run in the hook), or no hook was registered
        }
    }
}
