package dev.drover.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One worker daemon running as its own JVM, as in production: {@code java -cp <classpath> <main> <args>} with its
 * configuration in environment variables and its output in a log file. {@link #close()} sends SIGTERM, waits for
 * the graceful shutdown, then kills whatever is left of the process tree (a GPU job's child processes included).
 */
final class DaemonProcess implements AutoCloseable {

    private static final long GRACE_SECONDS = 15;

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;

    private DaemonProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts {@code mainClass} with {@code args}, the current environment plus {@code env}, output to {@code log}. */
    static DaemonProcess start(String name, String classpath, String mainClass, List<String> args,
                               Map<String, String> env, Path log, int httpPort) {
        List<String> command = new ArrayList<>(List.of(JavaCommand.java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                // INFO whatever simplelogger.properties a test classpath carries (the drover CLI's says WARN)
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            return new DaemonProcess(name, pb.start(), log, httpPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    int httpPort() {
        return httpPort;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while it runs. */
    int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** The last {@code n} lines of its log. */
    List<String> tail(int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /** SIGTERM, a grace period, then SIGKILL for the process and every descendant still alive. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.addAll(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
