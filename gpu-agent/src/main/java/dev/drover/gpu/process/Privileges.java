package dev.drover.gpu.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Linux capabilities this process holds, read from {@code /proc/self/status}. */
public final class Privileges {

    /**
     * What running jobs as another user takes: switching uid and gid, handing the job its directory, signalling its
     * processes, and reading and removing what it leaves in that directory.
     */
    public static final Map<String, Integer> REQUIRED = Map.of("CAP_CHOWN", 0, "CAP_DAC_OVERRIDE", 1, "CAP_KILL", 5,
            "CAP_SETGID", 6, "CAP_SETUID", 7);

    private Privileges() {
    }

    /** The names in {@link #REQUIRED} missing from this process's effective set, sorted; empty when it has them all. */
    public static List<String> missing() {
        BigInteger effective = effective();
        return REQUIRED.entrySet().stream().filter(e -> !effective.testBit(e.getValue())).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** The effective user id of this process (the owner of {@code /proc/self}). */
    public static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self", e);
        }
    }

    private static BigInteger effective() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                    .map(l -> new BigInteger(l.substring("CapEff:".length()).strip(), 16)).findFirst()
                    .orElse(BigInteger.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }
}
