package dev.drover.demo;

import java.time.Duration;

/**
 * The demo's command line: {@code [--keep-running] [--size=full|small] [--timeout=SECONDS]}.
 *
 * @param keepRunning start the web dashboard, and leave the cluster up after the summary until Ctrl-C
 * @param size        the workload
 * @param timeout     how long the workload may take before the demo gives up
 */
record DemoOptions(boolean keepRunning, DemoSize size, Duration timeout) {

    static final String USAGE = """
            usage: demo.sh [--keep-running] [--size=full|small] [--timeout=SECONDS]
              --keep-running  start the web dashboard too (its URL is printed) and leave Redis, Postgres, the
                              simulators and the workers up after the summary, to poke at with the dashboard or
                              ./drover; Ctrl-C stops and cleans up everything
              --size          full (default) or small (the test suite's size)
              --timeout       seconds the workload may take (default 100)
            environment: REDIS_URL and DATABASE_URL use your servers instead of embedded ones""";

    /** Parses the arguments; throws {@link IllegalArgumentException} with a one-line reason. */
    static DemoOptions parse(String... args) {
        boolean keep = false;
        DemoSize size = DemoSize.FULL;
        Duration timeout = Duration.ofSeconds(100);
        for (String a : args) {
            if (a.equals("--keep-running")) {
                keep = true;
            } else if (a.startsWith("--size=")) {
                size = DemoSize.named(a.substring("--size=".length()));
            } else if (a.startsWith("--timeout=")) {
                timeout = Duration.ofSeconds(Long.parseLong(a.substring("--timeout=".length())));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return new DemoOptions(keep, size, timeout);
    }
}
