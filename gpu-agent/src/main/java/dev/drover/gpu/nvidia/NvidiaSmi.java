package dev.drover.gpu.nvidia;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code nvidia-smi} binary with one {@code --query-gpu} and returns its non-empty output lines.
 *
 * <p>The binary is {@code NVIDIA_SMI} when set, else {@code nvidia-smi} on the {@code PATH}. A call that cannot start
 * the binary, exits non-zero, or outlasts {@link #TIMEOUT} throws {@link NvidiaSmiException} whose message is one
 * line a human can act on.
 */
public final class NvidiaSmi {

    /** A hung driver can make nvidia-smi block for minutes; a sample that late is worthless anyway. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String FORMAT = "--format=csv,noheader,nounits";

    private final String binary;

    public NvidiaSmi(String binary) {
        this.binary = binary;
    }

    /** The binary named by {@code NVIDIA_SMI} in {@code env}, else {@code nvidia-smi}. */
    public static NvidiaSmi fromEnv(Map<String, String> env) {
        String path = env.get("NVIDIA_SMI");
        return new NvidiaSmi(path == null || path.isBlank() ? "nvidia-smi" : path);
    }

    public String binary() {
        return binary;
    }

    /** Runs {@code --query-gpu=FIELDS --format=csv,noheader,nounits}. */
    public List<String> query(String fields) {
        Process p;
        try {
            p = new ProcessBuilder(binary, "--query-gpu=" + fields, FORMAT).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new NvidiaSmiException(binary + " could not be run (" + e.getMessage() + "); set NVIDIA_SMI to its path", e);
        }
        try {
            // nvidia-smi output is a few lines, far below the pipe buffer, so reading after exit cannot deadlock
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new NvidiaSmiException(binary + " did not answer within " + TIMEOUT.toSeconds() + "s", null);
            }
            List<String> lines = lines(p);
            if (p.exitValue() != 0) {
                String why = lines.isEmpty() ? "no output" : lines.get(0);
                throw new NvidiaSmiException(binary + " failed (exit " + p.exitValue() + "): " + why, null);
            }
            return lines;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NvidiaSmiException(binary + " interrupted", e);
        }
    }

    private static List<String> lines(Process p) {
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            out.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
            return lines;
        } catch (IOException e) {
            throw new NvidiaSmiException("cannot read the output of nvidia-smi: " + e.getMessage(), e);
        }
    }

    /** nvidia-smi could not tell us about the GPUs; the message is one line. */
    public static final class NvidiaSmiException extends RuntimeException {
        public NvidiaSmiException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
