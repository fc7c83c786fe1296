package dev.drover.testing.sim.nvidia;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fake {@code nvidia-smi} executable for hosts without an NVIDIA driver: a POSIX sh script written to a temp
 * directory, answering the gpu-agent's two {@code --query-gpu} queries in the real
 * {@code --format=csv,noheader,nounits} shape.
 *
 * <p>What it prints is held in state files beside the script. {@link #gpus}, {@link #samples} and {@link #failing}
 * rewrite them atomically (write, then rename) so that a concurrent call of the script never reads half a file; the
 * next call sees the new state. {@link #close()} deletes the directory.
 *
 * <pre>{@code
 * try (FakeNvidiaSmi smi = FakeNvidiaSmi.install()) {
 *     smi.gpus(Gpu.of(0, "NVIDIA H100 80GB HBM3", 81559));
 *     smi.samples(Sample.of(0, 97, 40_000, 81559, 71, 350.5));
 *     env.put("NVIDIA_SMI", smi.path().toString());
 * }
 * }</pre>
 */
public final class FakeNvidiaSmi implements AutoCloseable {

    private static final String SCRIPT = "nvidia-smi.sh";

    private final Path dir;
    private final Path executable;

    private FakeNvidiaSmi(Path dir) {
        this.dir = dir;
        this.executable = dir.resolve("nvidia-smi");
    }

    /** Writes the script to a new temp directory, with one idle H100 as its default state. */
    public static FakeNvidiaSmi install() {
        try {
            return install(Files.createTempDirectory("fake-nvidia-smi-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the script into {@code dir} (created if missing), with one idle H100 as its default state. */
    public static FakeNvidiaSmi install(Path dir) {
        FakeNvidiaSmi fake = new FakeNvidiaSmi(dir);
        fake.writeScript();
        fake.gpus(Gpu.of(0, "NVIDIA H100 80GB HBM3", 81559));
        fake.samples(Sample.of(0, 0, 0, 81559, 30, 60.0));
        return fake;
    }

    /** The executable to point {@code NVIDIA_SMI} at. */
    public Path path() {
        return executable;
    }

    /** Sets the GPU list; no GPUs makes every query answer "No devices were found" with exit code 6. */
    public FakeNvidiaSmi gpus(Gpu... gpus) {
        write("gpus.csv", Arrays.stream(gpus).map(Gpu::csv));
        return this;
    }

    /** Sets the samples the next sampling query prints, one per GPU. */
    public FakeNvidiaSmi samples(Sample... samples) {
        write("samples.csv", Arrays.stream(samples).map(Sample::csv));
        return this;
    }

    /** Makes every call print {@code message} and exit 9, as when the driver cannot be reached; null heals it. */
    public FakeNvidiaSmi failing(String message) {
        try {
            if (message == null) {
                Files.deleteIfExists(dir.resolve("failure"));
            } else {
                write("failure", Stream.of(message));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The argument lines of every call so far, oldest first. */
    public List<String> calls() {
        Path log = dir.resolve("calls.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeScript() {
        try (InputStream in = FakeNvidiaSmi.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the test-fixtures jar");
            }
            Files.createDirectories(dir);
            Files.copy(in, executable, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, Stream<String> lines) {
        String text = lines.map(l -> l + "\n").collect(Collectors.joining());
        try {
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            // rename is atomic on one file system: the script sees the old file or the new one, never a torn one
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One GPU as {@code --query-gpu=index,uuid,name,memory.total} prints it.
     *
     * @param memoryTotalMib total memory in MiB, as {@code nounits} prints it
     */
    public record Gpu(int index, String uuid, String name, long memoryTotalMib) {
        /** A GPU with a stable made-up UUID derived from its index. */
        public static Gpu of(int index, String name, long memoryTotalMib) {
            return new Gpu(index, String.format("GPU-%08x-0000-4000-8000-%012x", 0xd10e0000 + index, index), name, memoryTotalMib);
        }

        String csv() {
            return index + ", " + uuid + ", " + name + ", " + memoryTotalMib;
        }
    }

    /**
     * One sample line as {@code --query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw}
     * prints it. Fields are text so that a test can put {@link #NA} or {@link #NOT_SUPPORTED} in any of them.
     */
    public record Sample(int index, String utilizationPct, String memoryUsedMib, String memoryTotalMib,
                         String temperatureC, String powerW) {
        public static final String NA = "[N/A]";
        public static final String NOT_SUPPORTED = "[Not Supported]";

        public static Sample of(int index, int utilizationPct, long memoryUsedMib, long memoryTotalMib,
                                int temperatureC, double powerW) {
            return new Sample(index, Integer.toString(utilizationPct), Long.toString(memoryUsedMib),
                    Long.toString(memoryTotalMib), Integer.toString(temperatureC), String.format(Locale.ROOT, "%.2f", powerW));
        }

        String csv() {
            return String.join(", ", Integer.toString(index), utilizationPct, memoryUsedMib, memoryTotalMib,
                    temperatureC, powerW);
        }
    }
}
