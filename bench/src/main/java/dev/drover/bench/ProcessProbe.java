package dev.drover.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This JVM's resource use over a measured window: process CPU (OperatingSystemMXBean), peak heap (sum of the heap
 * pools' peaks, reset at {@link #begin()}) and peak RSS ({@code VmHWM} from /proc/self/status: the whole process
 * lifetime, as the kernel cannot reset it).
 */
final class ProcessProbe {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStartNanos;

    /** Marks the window's start: CPU baseline, heap peaks reset. */
    void begin() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        cpuStartNanos = os.getProcessCpuTime();
    }

    /** Figures since {@link #begin()}: cpuMs, peakHeapMb, peakRssMb. */
    Map<String, Object> end() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuMs", (os.getProcessCpuTime() - cpuStartNanos) / 1e6);
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        m.put("peakHeapMb", heap / 1048576.0);
        m.put("peakRssMb", vmHwmKb() / 1024.0);
        return m;
    }

    /** VmHWM in kB, or -1 where /proc is not there. */
    static long vmHwmKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
