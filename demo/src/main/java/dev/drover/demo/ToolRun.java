package dev.drover.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A daemon's one-shot subcommand ({@code submit}, {@code segments add}, ...) run to completion as its own process,
 * the way an operator or a script would: exit code and output.
 *
 * @param command what ran (for messages; holds no secret, the configuration is in the environment)
 */
record ToolRun(List<String> command, int exitCode, String output) {

    private static final long TIMEOUT_SECONDS = 60;

    static ToolRun run(String classpath, String mainClass, List<String> args, Map<String, String> env) {
        List<String> cmd = new ArrayList<>(List.of(JavaCommand.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new ToolRun(display(mainClass, args), 124, new String(out, StandardCharsets.UTF_8));
            }
            return new ToolRun(display(mainClass, args), p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + mainClass, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + mainClass, e);
        }
    }

    boolean ok() {
        return exitCode == 0;
    }

    /** The output's last non-blank line, trimmed (where a submit command prints the id it created). */
    String lastLine() {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.getLast().strip();
    }

    private static List<String> display(String mainClass, List<String> args) {
        List<String> d = new ArrayList<>(List.of(mainClass.substring(mainClass.lastIndexOf('.') + 1)));
        d.addAll(args);
        return d;
    }
}
