package dev.drover.demo;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Command lines of the jars run in this JVM, several at once, each with everything it printed: its own stdout and
 * stderr, and whatever its threads (and the threads they started) wrote to {@link System#out} and
 * {@link System#err} meanwhile, which is where slf4j-simple's log lines go. What other threads write to the System
 * streams is kept as well ({@link #unattributed()}), so nothing printed escapes the search.
 *
 * @param where  what ran, for reports
 * @param code   the exit code
 * @param out    the command's stdout
 * @param err    the command's stderr
 * @param system what its threads wrote to System.out and System.err (logs), as of when it ended
 */
record CapturedRun(String where, int code, String out, String err, ByteArrayOutputStream system) {

    private static final InheritableThreadLocal<ByteArrayOutputStream> CURRENT = new InheritableThreadLocal<>();
    private static final ByteArrayOutputStream UNATTRIBUTED = new ByteArrayOutputStream();
    private static final ExecutorService RUNNERS = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "captured-run");
        t.setDaemon(true);
        return t;
    });

    static {
        System.setOut(new PrintStream(new Routing(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Routing(System.err), true, StandardCharsets.UTF_8));
    }

    /** Everything it printed, logs written after it ended included. */
    String all() {
        return out + "\n" + err + "\n" + text(system);
    }

    /** What threads outside any run wrote to System.out and System.err since this class was loaded. */
    static String unattributed() {
        return text(UNATTRIBUTED);
    }

    /** A run in progress. */
    record Pending(String where, Future<CapturedRun> run, Duration timeout) {

        /** Waits for the run; fails the test naming it when it threw or outlived its time. */
        CapturedRun await() {
            try {
                return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                run.cancel(true);
                throw new AssertionError(where + " still ran after " + timeout);
            } catch (ExecutionException e) {
                throw new AssertionError(where + " threw", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Starts {@code args} of {@code jar} with {@code env} on one of the runners. */
    static Pending start(String where, OperatorJar jar, Map<String, String> env, List<String> args, Duration timeout) {
        ByteArrayOutputStream system = new ByteArrayOutputStream();
        Future<CapturedRun> run = RUNNERS.submit(() -> {
            CURRENT.set(system);
            try {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = jar.run().run(env, new PrintWriter(out, true), new PrintWriter(err, true),
                        args.toArray(String[]::new));
                return new CapturedRun(where, code, out.toString(), err.toString(), system);
            } finally {
                CURRENT.remove();
            }
        });
        return new Pending(where, run, timeout);
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Sends what a thread writes to the buffer of the run it belongs to, or to the original stream and a copy. */
    private static final class Routing extends OutputStream {

        private final OutputStream original;

        Routing(OutputStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteArrayOutputStream run = CURRENT.get();
            ByteArrayOutputStream target = run != null ? run : UNATTRIBUTED;
            synchronized (target) {
                target.write(b, off, len);
            }
            if (run == null) {
                try {
                    original.write(b, off, len);
                } catch (java.io.IOException e) {
                    // the console is gone; the copy is what matters
                }
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            original.flush();
        }
    }
}
