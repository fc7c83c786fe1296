package dev.drover.testing.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Gpu;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeNvidiaSmiTest {

    private static final String LIST = "--query-gpu=index,uuid,name,memory.total";
    private static final String SAMPLE = "--query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw";
    private static final String FORMAT = "--format=csv,noheader,nounits";

    @Test
    void printsTheGpuListAndSamplesInTheRealCsvShape() throws Exception {
        try (FakeNvidiaSmi smi = FakeNvidiaSmi.install()) {
            smi.gpus(Gpu.of(0, "NVIDIA A100-SXM4-40GB", 40960), Gpu.of(1, "NVIDIA A100-SXM4-40GB", 40960));
            smi.samples(Sample.of(0, 97, 30000, 40960, 71, 250.5),
                    new Sample(1, Sample.NA, "12", "40960", Sample.NOT_SUPPORTED, Sample.NA));

            Result list = run(smi, LIST, FORMAT);
            Result samples = run(smi, SAMPLE, FORMAT);

            assertThat(list.exit).isZero();
            assertThat(list.lines).hasSize(2);
            assertThat(list.lines.get(0)).matches("0, GPU-[0-9a-f-]+, NVIDIA A100-SXM4-40GB, 40960");
            assertThat(samples.lines).containsExactly("0, 97, 30000, 40960, 71, 250.50",
                    "1, [N/A], 12, 40960, [Not Supported], [N/A]");
            assertThat(smi.calls()).hasSize(2);
        }
    }

    @Test
    void reportsNoDevicesAndDriverFailuresLikeNvidiaSmi() throws Exception {
        try (FakeNvidiaSmi smi = FakeNvidiaSmi.install()) {
            smi.gpus();
            assertThat(run(smi, LIST, FORMAT).exit).isEqualTo(6);

            smi.gpus(Gpu.of(0, "NVIDIA H100 80GB HBM3", 81559)).failing("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.");
            Result failed = run(smi, LIST, FORMAT);
            assertThat(failed.exit).isEqualTo(9);
            assertThat(failed.lines.get(0)).startsWith("NVIDIA-SMI has failed");

            smi.failing(null);
            assertThat(run(smi, LIST, FORMAT).exit).isZero();
        }
    }

    private static Result run(FakeNvidiaSmi smi, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(smi.path().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out.lines().toList());
    }

    private record Result(int exit, List<String> lines) {
    }
}
