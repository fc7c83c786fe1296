package dev.drover.certification.cli;

import dev.drover.certification.batch.ModelProcessor.CommitHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * TEST ONLY. {@code DROVER_TEST_HALT_AFTER_COMMIT=<file>} makes the daemon, right after the first item's transaction
 * commits and before its queue job is acknowledged, write that file and block forever, so that a test can kill the
 * process with SIGKILL at exactly that point. Unset (always, in production) it does nothing. Deliberately not an
 * option, so it stays out of {@code --help}.
 */
final class TestHooks {

    static final String HALT_AFTER_COMMIT = "DROVER_TEST_HALT_AFTER_COMMIT";

    private TestHooks() {
    }

    static CommitHook fromEnv() {
        String file = System.getenv(HALT_AFTER_COMMIT);
        if (file == null || file.isBlank()) {
            return CommitHook.NONE;
        }
        return job -> {
            try {
                Files.writeString(Path.of(file), job.id());
                new CountDownLatch(1).await();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}
