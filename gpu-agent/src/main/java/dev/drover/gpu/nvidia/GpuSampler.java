package dev.drover.gpu.nvidia;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads the current utilization, memory, temperature and power of this host's GPUs with one nvidia-smi call.
 * Lines that cannot be parsed are skipped (a driver hiccup must not kill a running job); a failing nvidia-smi throws
 * {@link NvidiaSmi.NvidiaSmiException}, which the caller logs and tries again at the next tick.
 */
public final class GpuSampler {

    private final NvidiaSmi smi;

    public GpuSampler(NvidiaSmi smi) {
        this.smi = smi;
    }

    /** One sample per GPU whose index is in {@code indices}; all GPUs when {@code indices} is empty. */
    public List<GpuSample> sample(Collection<Integer> indices) {
        List<GpuSample> out = new ArrayList<>();
        for (String line : smi.query(GpuSample.QUERY)) {
            try {
                GpuSample s = GpuSample.parse(line);
                if (indices.isEmpty() || indices.contains(s.index())) {
                    out.add(s);
                }
            } catch (IllegalArgumentException skipped) {
                // a malformed line is one lost reading, not a reason to stop sampling
            }
        }
        return out;
    }
}
