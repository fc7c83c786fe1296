package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.gpu.nvidia.GpuProbe;
import dev.drover.gpu.nvidia.GpuSample;
import dev.drover.gpu.nvidia.GpuSampler;
import dev.drover.gpu.nvidia.NvidiaSmi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's probe and sampler on what a real {@code nvidia-smi} printed on an H200 host (recorded by
 * {@code gpu-agent/scripts/real-gpu-check.sh}; see {@code src/test/resources/real-nvidia-smi/README.md}), replayed by
 * a stand-in binary that answers each query with the recorded file.
 */
class RealNvidiaSmiOutputTest {

    @TempDir
    Path dir;

    @Test
    void theProbeFindsTheRecordedH200() throws IOException {
        GpuProbe.Result r = new GpuProbe(replaying("sample-idle.csv")).probe();

        assertThat(r.hasGpus()).isTrue();
        assertThat(r.gpuModel()).isEqualTo("NVIDIA H200");
        assertThat(r.message()).isEqualTo("found 1 GPU(s): 0=NVIDIA H200 (143771 MiB)");
    }

    @Test
    void samplesOfAnIdleAndABusyGpuParseWithEveryReading() throws IOException {
        GpuSample idle = new GpuSampler(replaying("sample-idle.csv")).sample(List.of()).get(0);
        assertThat(idle).isEqualTo(new GpuSample(0, 0.0, 0, 143771, 34.0, 103.91));

        List<GpuSample> busy = new GpuSampler(replaying("sample-busy.csv")).sample(List.of());
        assertThat(busy).allSatisfy(s -> {
            assertThat(s.utilizationPct()).isEqualTo(100.0);
            assertThat(s.memoryTotalMib()).isEqualTo(143771);
            assertThat(s.powerW()).isGreaterThan(600.0);
        });
    }

    /** A stand-in nvidia-smi printing the recorded probe, or {@code sampleFile} for the sampler's query. */
    private NvidiaSmi replaying(String sampleFile) throws IOException {
        copy("probe.csv");
        copy(sampleFile);
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\ncase \"$1\" in\n  --query-gpu=index,uuid,*) cat '" + dir.resolve("probe.csv")
                + "' ;;\n  *) cat '" + dir.resolve(sampleFile) + "' ;;\nesac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new NvidiaSmi(script.toString());
    }

    private void copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/real-nvidia-smi/" + name)) {
            Files.copy(in, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
