package dev.drover.demo;

import java.util.concurrent.CountDownLatch;

/**
 * {@code demo.sh}'s entry point: runs the {@link Demo}, prints its checks, exits 0 only when every expectation held.
 * With {@code --keep-running} the cluster stays up until Ctrl-C; either way every process and temp file it started
 * is cleaned up (also on Ctrl-C, by a shutdown hook).
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        quietLibraries();
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        Console console = new Console(System.out);
        Resources resources = new Resources().withShutdownHook();
        int code;
        try {
            Demo demo = new Demo(options, System.getenv(), console, resources);
            Demo.Result result = demo.run();
            code = verdict(result, console);
            if (options.keepRunning()) {
                keepRunning(demo, console);
            }
        } catch (RuntimeException e) {
            console.warn("demo failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        console.step("stopping the cluster and cleaning up");
        resources.close();
        System.exit(code);
    }

    /** The demo's own output is its progress; libraries only speak up for warnings. */
    static void quietLibraries() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private static int verdict(Demo.Result result, Console console) {
        console.raw("Checks");
        result.checks().forEach(c -> console.raw(c.render()));
        if (!result.missing().isEmpty()) {
            console.raw("  MISSING daemons (their part did not run): " + String.join(", ", result.missing()));
        }
        console.raw(result.ok() ? "\nRESULT: all as expected" : "\nRESULT: NOT as expected (see above)");
        return result.ok() ? 0 : 1;
    }

    private static void keepRunning(Demo demo, Console console) throws InterruptedException {
        console.raw("""

                The cluster stays up. Open the dashboard at %s
                or, in another terminal:
                  export REDIS_URL=%s
                  export DATABASE_URL=%s
                  ./drover queues            # counts per queue; see ./drover --help
                Daemon logs:""".formatted(demo.dashboardUrl(), demo.servers().redisUrl(),
                demo.servers().databaseUrl()));
        demo.fleet().processes().forEach(d -> console.raw("  " + d.name() + ": " + d.log()
                + " (metrics http://127.0.0.1:" + d.httpPort() + "/metrics)"));
        console.raw("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await();
    }
}
