package dev.drover.gpu.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every GPU job submission shares: its time limit, price ceiling, estimate parameters and environment. */
final class JobLimitOptions {

    @Option(names = "--time-limit", description = "Longest run (e.g. 30m); derived from the estimate when absent.")
    Duration timeLimit;

    @Option(names = "--max-price", description = "Most credits per hour you pay.")
    BigDecimal maxPrice;

    @Option(names = "--param", description = "Job parameter key=value (epochs, datasetSize, resolution scale the estimate).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--env", description = "Environment variable K=V for the job.")
    Map<String, String> env = new LinkedHashMap<>();
}
