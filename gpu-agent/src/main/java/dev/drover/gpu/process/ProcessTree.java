package dev.drover.gpu.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Stops a process and every process it started: SIGTERM to all, then SIGKILL to those still alive after a grace
 * period. The tree is listed before the first signal because a child whose parent dies is re-parented to init and can
 * no longer be found from the root.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /** Blocks until the whole tree is gone or SIGKILL was sent; returns whether SIGKILL was needed. */
    static boolean terminate(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = Stream.concat(Stream.of(root), root.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        if (awaitAll(tree, grace)) {
            return false;
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitAll(tree, Duration.ofSeconds(5));
        return true;
    }

    private static boolean awaitAll(List<ProcessHandle> tree, Duration timeout) {
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return tree.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
