package dev.drover.gpu.nvidia;

/**
 * One GPU as {@code nvidia-smi --query-gpu=index,uuid,name,memory.total --format=csv,noheader,nounits} reports it.
 *
 * @param memoryTotalMib total memory in MiB; null when the driver prints {@code [N/A]}
 */
public record GpuInfo(int index, String uuid, String name, Integer memoryTotalMib) {

    /** Parses one CSV line; throws {@link IllegalArgumentException} naming the line when it has the wrong shape. */
    public static GpuInfo parse(String line) {
        String[] f = CsvFields.split(line, 4);
        return new GpuInfo(CsvFields.requiredInt(f[0], line), f[1], f[2], CsvFields.integer(f[3]));
    }
}
