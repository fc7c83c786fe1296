package dev.drover.gpu.nvidia;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Detects this host's GPUs at agent start with {@code nvidia-smi --query-gpu=index,uuid,name,memory.total}.
 *
 * <p>Never throws for a host without GPUs: a missing binary, a driver that does not answer, or an empty list all give
 * a {@link Result} with no GPUs and a one-line {@link Result#message()} saying why, after which the agent takes no GPU
 * jobs.
 */
public final class GpuProbe {

    static final String QUERY = "index,uuid,name,memory.total";

    private final NvidiaSmi smi;

    public GpuProbe(NvidiaSmi smi) {
        this.smi = smi;
    }

    /** Runs the probe once. */
    public Result probe() {
        List<String> lines;
        try {
            lines = smi.query(QUERY);
        } catch (NvidiaSmi.NvidiaSmiException e) {
            return new Result(List.of(), "no GPU available: " + e.getMessage() + "; this agent takes no GPU jobs");
        }
        try {
            List<GpuInfo> gpus = lines.stream().map(GpuInfo::parse).toList();
            if (gpus.isEmpty()) {
                return new Result(gpus, "no GPU available: " + smi.binary() + " lists no GPU; this agent takes no GPU jobs");
            }
            return new Result(gpus, "found " + gpus.size() + " GPU(s): " + describe(gpus));
        } catch (IllegalArgumentException e) {
            return new Result(List.of(), "no GPU available: " + e.getMessage() + "; this agent takes no GPU jobs");
        }
    }

    private static String describe(List<GpuInfo> gpus) {
        return gpus.stream().map(g -> g.index() + "=" + g.name() + " (" + g.memoryTotalMib() + " MiB)")
                .collect(Collectors.joining(", "));
    }

    /**
     * What the probe found.
     *
     * @param gpus    the GPUs, by index; empty when there are none to use
     * @param message one line for the agent's log
     */
    public record Result(List<GpuInfo> gpus, String message) {

        public boolean hasGpus() {
            return !gpus.isEmpty();
        }

        /**
         * The model this agent offers: the name of GPU 0. Jobs are routed by model, so a host mixing models offers
         * only its first one's.
         */
        public String gpuModel() {
            return gpus.isEmpty() ? null : gpus.get(0).name();
        }
    }
}
