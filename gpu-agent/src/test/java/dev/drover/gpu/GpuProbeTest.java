package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.gpu.nvidia.GpuInfo;
import dev.drover.gpu.nvidia.GpuProbe;
import dev.drover.gpu.nvidia.GpuSample;
import dev.drover.gpu.nvidia.GpuSampler;
import dev.drover.gpu.nvidia.NvidiaSmi;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Gpu;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuProbeTest {

    @Test
    void findsTheGpusTheDriverLists() {
        try (FakeNvidiaSmi smi = FakeNvidiaSmi.install()) {
            smi.gpus(Gpu.of(0, "NVIDIA A100-SXM4-80GB", 81920), Gpu.of(1, "NVIDIA A100-SXM4-80GB", 81920));

            GpuProbe.Result r = new GpuProbe(NvidiaSmi.fromEnv(Map.of("NVIDIA_SMI", smi.path().toString()))).probe();

            assertThat(r.hasGpus()).isTrue();
            assertThat(r.gpuModel()).isEqualTo("NVIDIA A100-SXM4-80GB");
            assertThat(r.gpus()).extracting(GpuInfo::index, GpuInfo::memoryTotalMib).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(0, 81920), org.assertj.core.groups.Tuple.tuple(1, 81920));
            assertThat(r.message()).isEqualTo("found 2 GPU(s): 0=NVIDIA A100-SXM4-80GB (81920 MiB), 1=NVIDIA A100-SXM4-80GB (81920 MiB)");
        }
    }

    @Test
    void aMissingBinaryABrokenDriverOrNoDeviceMeansNoGpuJobs() {
        GpuProbe.Result missing = new GpuProbe(new NvidiaSmi("/opt/none/nvidia-smi")).probe();
        assertThat(missing.hasGpus()).isFalse();
        assertThat(missing.message()).startsWith("no GPU available: /opt/none/nvidia-smi could not be run")
                .endsWith("this agent takes no GPU jobs").doesNotContain("\n");

        try (FakeNvidiaSmi smi = FakeNvidiaSmi.install()) {
            GpuProbe probe = new GpuProbe(new NvidiaSmi(smi.path().toString()));
            smi.failing("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.");
            assertThat(probe.probe().message()).contains("failed (exit 9): NVIDIA-SMI has failed");

            smi.failing(null).gpus();
            assertThat(probe.probe().hasGpus()).isFalse();
            assertThat(probe.probe().message()).contains("No devices were found");
        }
    }

    @Test
    void samplesParseNotAvailableReadingsAsNull() {
        try (FakeNvidiaSmi smi = FakeNvidiaSmi.install()) {
            smi.gpus(Gpu.of(0, "Tesla T4", 15360), Gpu.of(1, "Tesla T4", 15360));
            smi.samples(Sample.of(0, 88, 10240, 15360, 64, 69.87),
                    new Sample(1, Sample.NA, "100", "15360", Sample.NOT_SUPPORTED, Sample.NA));

            List<GpuSample> samples = new GpuSampler(new NvidiaSmi(smi.path().toString())).sample(List.of());

            assertThat(samples).containsExactly(new GpuSample(0, 88.0, 10240, 15360, 64.0, 69.87),
                    new GpuSample(1, null, 100, 15360, null, null));
        }
    }
}
