package dev.drover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Where a daemon under test stops so that its test can SIGKILL it at exactly that point. The daemon's test-only main
 * (in test code, never in a production jar) installs {@link #reached} at the point; the test starts that main with
 * {@value #ENV} naming a file, waits until the file has content, and kills the process.
 */
public final class CrashPoint {

    /** The variable naming the file {@link #reached} writes; read only by test-only mains. */
    public static final String ENV = "DROVER_TEST_CRASH_POINT";

    private CrashPoint() {
    }

    /** Writes {@code detail} (say, the job id) to the file {@value #ENV} names, then blocks until killed. */
    public static void reached(String detail) {
        try {
            Path file = Path.of(System.getenv(ENV));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, detail);
            Files.move(tmp, file); // the test sees the whole detail or nothing
            new CountDownLatch(1).await();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A fresh path for {@value #ENV}: not created yet, so its appearance means the point was reached. */
    public static Path newMarker() {
        try {
            Path dir = Files.createTempDirectory("crash-point");
            dir.toFile().deleteOnExit();
            return dir.resolve("reached");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The detail the daemon wrote, or null while it has not reached the point. */
    public static String detail(Path marker) {
        try {
            return Files.exists(marker) ? Files.readString(marker) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
