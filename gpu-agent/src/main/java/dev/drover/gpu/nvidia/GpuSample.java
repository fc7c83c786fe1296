package dev.drover.gpu.nvidia;

/**
 * One reading of one GPU, as {@code nvidia-smi
 * --query-gpu=index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw --format=csv,noheader,nounits}
 * prints it. Each reading is null when the GPU cannot report it ({@code [N/A]}, {@code [Not Supported]}).
 *
 * @param utilizationPct percent of time a kernel ran
 * @param memoryUsedMib  MiB
 * @param memoryTotalMib MiB
 * @param temperatureC   degrees Celsius
 * @param powerW         watts
 */
public record GpuSample(int index, Double utilizationPct, Integer memoryUsedMib, Integer memoryTotalMib,
                        Double temperatureC, Double powerW) {

    /** The fields, in the order the sampler asks for them. */
    public static final String QUERY = "index,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw";

    /** Parses one CSV line; throws {@link IllegalArgumentException} naming the line when it has the wrong shape. */
    public static GpuSample parse(String line) {
        String[] f = CsvFields.split(line, 6);
        return new GpuSample(CsvFields.requiredInt(f[0], line), CsvFields.decimal(f[1]), CsvFields.integer(f[2]),
                CsvFields.integer(f[3]), CsvFields.decimal(f[4]), CsvFields.decimal(f[5]));
    }
}
