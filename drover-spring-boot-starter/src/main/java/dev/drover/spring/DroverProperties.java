package dev.drover.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code drover.*}: what the starter adds to the application's {@code spring.data.redis.*} settings.
 */
@ConfigurationProperties("drover")
public class DroverProperties {

    /** Redis key prefix of the queues (BullMQ's default "bull"); a hash-tagged one such as "{bull}" on Cluster. */
    private String prefix = "bull";

    /** Redis URL for the queues when they should not use spring.data.redis.* (redis:// or rediss://). */
    private String redisUrl;

    /** Pooled Redis connections per queue handle. */
    private int maxConnections = 8;

    /** Queues to register as beans besides those injected with @DroverQueue. */
    private List<String> queues = new ArrayList<>();

    /** Options for jobs added without options of their own. */
    private final JobDefaults jobDefaults = new JobDefaults();

    /** Defaults for @DroverWorker workers. */
    private final WorkerDefaults worker = new WorkerDefaults();

    /** Meters in the application's MeterRegistry (when Micrometer is there). */
    private final Toggle metrics = new Toggle();

    /** Producer and consumer spans with the application's OpenTelemetry (when there is one). */
    private final Toggle tracing = new Toggle();

    public String getPrefix() { return prefix; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
    public String getRedisUrl() { return redisUrl; }
    public void setRedisUrl(String redisUrl) { this.redisUrl = redisUrl; }
    public int getMaxConnections() { return maxConnections; }
    public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
    public List<String> getQueues() { return queues; }
    public void setQueues(List<String> queues) { this.queues = queues; }
    public JobDefaults getJobDefaults() { return jobDefaults; }
    public WorkerDefaults getWorker() { return worker; }
    public Toggle getMetrics() { return metrics; }
    public Toggle getTracing() { return tracing; }

    /** {@code drover.job-defaults.*}. */
    public static class JobDefaults {
        /** Tries in total (0 and 1: a single try). */
        private int attempts;
        /** Backoff between tries: "fixed" or "exponential"; empty for an immediate retry. */
        private String backoffType;
        /** The backoff's delay (fixed: each wait; exponential: the first). */
        private Duration backoffDelay = Duration.ofSeconds(1);
        /** Completed jobs to keep (-1: all, 0: none). */
        private int keepCompleted = -1;
        /** Failed jobs to keep (-1: all, 0: none). */
        private int keepFailed = -1;

        public int getAttempts() { return attempts; }
        public void setAttempts(int attempts) { this.attempts = attempts; }
        public String getBackoffType() { return backoffType; }
        public void setBackoffType(String backoffType) { this.backoffType = backoffType; }
        public Duration getBackoffDelay() { return backoffDelay; }
        public void setBackoffDelay(Duration backoffDelay) { this.backoffDelay = backoffDelay; }
        public int getKeepCompleted() { return keepCompleted; }
        public void setKeepCompleted(int keepCompleted) { this.keepCompleted = keepCompleted; }
        public int getKeepFailed() { return keepFailed; }
        public void setKeepFailed(int keepFailed) { this.keepFailed = keepFailed; }
    }

    /** {@code drover.worker.*}. */
    public static class WorkerDefaults {
        /** Jobs a @DroverWorker runs at once unless its annotation says. */
        private int concurrency = 1;
        /** How long a job's lock lives without renewal. */
        private Duration lockDuration = Duration.ofSeconds(30);
        /** How often the stalled check runs. */
        private Duration stalledInterval = Duration.ofSeconds(30);
        /** At shutdown, how long running jobs may finish before they are released to other workers; keep it below spring.lifecycle.timeout-per-shutdown-phase. */
        private Duration shutdownTimeout = Duration.ofSeconds(25);
        /** Whether workers start with the context (false: start them yourself through DroverWorkers). */
        private boolean autoStartup = true;

        public int getConcurrency() { return concurrency; }
        public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
        public Duration getLockDuration() { return lockDuration; }
        public void setLockDuration(Duration lockDuration) { this.lockDuration = lockDuration; }
        public Duration getStalledInterval() { return stalledInterval; }
        public void setStalledInterval(Duration stalledInterval) { this.stalledInterval = stalledInterval; }
        public Duration getShutdownTimeout() { return shutdownTimeout; }
        public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
        public boolean isAutoStartup() { return autoStartup; }
        public void setAutoStartup(boolean autoStartup) { this.autoStartup = autoStartup; }
    }

    /** An on/off switch. */
    public static class Toggle {
        /** Whether it is on. */
        private boolean enabled = true;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }
}
