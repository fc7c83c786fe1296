package dev.drover.daemon;

import dev.drover.queue.WorkerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The smallest daemon on worker-support, as the real ones are written: its jobs sleep {@code ms} from their data.
 * Tests run it as a separate JVM to send it real signals.
 */
@Command(name = "sample-daemon", mixinStandardHelpOptions = true, description = "A sample Drover daemon.")
public class SampleDaemonMain implements Callable<Integer>, DaemonCommand {

    @Mixin
    DaemonOptions daemon;

    @Env("SAMPLE_QUEUE")
    @Option(names = "--queue", defaultValue = "sample", description = "Queue to consume.")
    String queue;

    @Env("API_KEY")
    @Option(names = "--api-key", description = "A secret the help must not reveal.")
    String apiKey;

    @Override
    public Integer call() throws Exception {
        try (Daemon d = Daemon.start("sample-daemon", daemon)) {
            d.worker(queue, job -> {
                Thread.sleep(job.data().path("ms").asLong(0));
                return "slept";
            }, WorkerOptions.builder().concurrency(2).build());
            System.out.println("http port " + d.httpPort());
            return d.awaitShutdown();
        }
    }

    public static void main(String[] args) {
        System.exit(DaemonCli.execute(new SampleDaemonMain(), args));
    }
}
