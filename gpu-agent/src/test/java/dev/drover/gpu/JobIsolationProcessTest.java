package dev.drover.gpu;

import static dev.drover.db.generated.gpu.Tables.JOB_LOGS;
import static dev.drover.db.generated.gpu.Tables.PROVIDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.db.generated.gpu.enums.JobStatus;
import dev.drover.db.generated.gpu.enums.LogLevel;
import dev.drover.db.generated.gpu.tables.records.JobsRecord;
import dev.drover.gpu.billing.JobRequest;
import dev.drover.gpu.process.JobEnvironment;
import dev.drover.testing.FreePort;
import dev.drover.testing.PostgresExtension;
import dev.drover.testing.RedisExtension;
import dev.drover.testing.TestDatabase;
import dev.drover.testing.TestRedis;
import dev.drover.testing.sim.nvidia.FakeNvidiaSmi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gpu-agent run} as its own JVM holding real secrets (a DATABASE_URL with a password, REDIS_URL,
 * GEMINI_API_KEY, a config file, a storage dir): a job that goes looking for them finds none, whatever it tries, and
 * its own directory is gone afterwards. A bad RUN_AS or pass-through list stops the start with one line.
 */
@ExtendWith({RedisExtension.class, PostgresExtension.class})
class JobIsolationProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String GEMINI_KEY = "AIza-gemini-" + UUID.randomUUID();
    private static final String SHARED_USER_WARNING = "jobs run as this agent's own user (no RUN_AS)";

    private final TestRedis redis;
    private final TestDatabase db;
    private final DSLContext dsl;
    private final FakeNvidiaSmi smi = FakeNvidiaSmi.install();
    private final String dbPassword;
    private final String databaseUrl;
    private Process agent;
    @TempDir
    Path home;

    JobIsolationProcessTest(TestRedis redis, TestDatabase db) {
        this.redis = redis;
        this.db = db;
        this.dsl = GpuRows.dsl(db);
        // the embedded Postgres trusts local connections, so any password works: the agent holds one all the same
        this.dbPassword = db.password().isEmpty() ? "pg-" + UUID.randomUUID() : db.password();
        this.databaseUrl = db.password().isEmpty() ? db.url().replaceFirst("://([^@:/]+)@", "://$1:" + dbPassword + "@")
                : db.url();
    }

    @AfterEach
    void close() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        smi.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", redis.url(), "DATABASE_URL", databaseUrl,
                "QUEUE_PREFIX", redis.prefix(), "HTTP_PORT", String.valueOf(FreePort.pick()), "NVIDIA_SMI",
                smi.path().toString(), "PROVIDER_NAME", "iso-agent", "GEMINI_API_KEY", GEMINI_KEY,
                "GEMINI_BASE_URL", "http://127.0.0.1:9", "STORAGE_DIR", home.resolve("storage").toString(),
                "JOBS_DIR", home.resolve("jobs").toString()));
        env.put("JOB_ENV_PASSTHROUGH", "DROVER_PASSED,NOT_SET_ANYWHERE");
        env.put("DROVER_PASSED", "visible-to-jobs");
        env.put("HEARTBEAT_INTERVAL", "300ms");
        env.put("CANCEL_POLL", "100ms");
        return env;
    }

    private Process launch(Map<String, String> env, List<String> prefix) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), GpuAgentMain.class.getName(), "run"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("agent.log").toFile());
        pb.environment().keySet().removeIf(k -> k.equals("REDIS_URL") || k.equals("DATABASE_URL"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs {@code command} as a GPU job through the agent and waits until it ended. */
    private JobsRecord runJob(String command, String... args) {
        UUID user = GpuRows.user(dsl, "1000");
        // a job is priced from the providers offering its GPU model: wait until the agent has registered
        await().atMost(WAIT).until(() -> dsl.fetchExists(PROVIDERS, PROVIDERS.NAME.eq("iso-agent")));
        try (Agents submitter = new Agents(redis, db); GpuJobs jobs = submitter.jobs(dsl)) {
            UUID id = jobs.submit(JobRequest.training(user, Agents.H100, Duration.ofMinutes(1), command, args)).id();
            await().atMost(WAIT).until(() -> Agents.row(dsl, id).getFinishedAt() != null);
            return Agents.row(dsl, id);
        }
    }

    private List<String> logs(UUID job, LogLevel level) {
        return dsl.select(JOB_LOGS.MESSAGE).from(JOB_LOGS).where(JOB_LOGS.JOB_ID.eq(job).and(JOB_LOGS.LEVEL.eq(level)))
                .orderBy(JOB_LOGS.ID).fetch(JOB_LOGS.MESSAGE);
    }

    private Path jobDir(UUID job) {
        UUID provider = dsl.select(PROVIDERS.ID).from(PROVIDERS).where(PROVIDERS.NAME.eq("iso-agent")).fetchOne(PROVIDERS.ID);
        return home.resolve("jobs").resolve(provider.toString()).resolve(job.toString());
    }

    private String agentLog() throws IOException {
        return Files.readString(home.resolve("agent.log"));
    }

    @Test
    void aJobRunAsAnotherUserFindsNoSecretOfTheAgentWhereverItLooks() throws Exception {
        try (TestUnixUser user = TestUnixUser.create()) {
            // the job user may pass through home to JOBS_DIR, as through any parent of it; nothing more
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
            Path storage = Files.createDirectories(home.resolve("storage"));
            Files.setPosixFilePermissions(storage, PosixFilePermissions.fromString("rwx------"));
            String storageSecret = "storage-secret-" + UUID.randomUUID();
            Files.writeString(storage.resolve("secret.txt"), storageSecret);
            String configSecret = "config-secret-" + UUID.randomUUID();
            Path config = Files.writeString(home.resolve("gpu-agent.env"), "DATABASE_URL=" + databaseUrl + "\nTOKEN="
                    + configSecret + "\n");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            Map<String, String> env = env();
            env.put("RUN_AS", user.name());
            agent = launch(env, List.of());

            String script = String.join("; ", "echo uid=$(id -u) home=$HOME passed=$DROVER_PASSED", "env",
                    "tr '\\0' '\\n' < /proc/$PPID/environ", "tr '\\0' '\\n' < /proc/" + agent.pid() + "/environ",
                    "tr '\\0' ' ' < /proc/" + agent.pid() + "/cmdline", "echo",
                    "ls -la " + storage, "cat " + storage.resolve("secret.txt"), "cat " + config,
                    "ls " + home.resolve("jobs"), "exit 0");
            JobsRecord job = runJob("sh", "-c", script);

            assertThat(job.getStatus()).as(agentLog()).isEqualTo(JobStatus.COMPLETED);
            assertThat(job.getExitCode()).isZero();
            List<String> out = logs(job.getId(), LogLevel.info);
            List<String> err = logs(job.getId(), LogLevel.error);
            assertThat(out.getFirst()).isEqualTo("uid=" + user.jobUser().uid() + " home=" + jobDir(job.getId())
                    + " passed=visible-to-jobs");
            assertThat(err).hasSize(6).allSatisfy(l -> assertThat(l).contains("Permission denied"));
            List<String> all = new ArrayList<>(out);
            all.addAll(err);
            all.add(String.valueOf(job.getError()));
            for (String secret : List.of(dbPassword, GEMINI_KEY, redis.url(), storageSecret, configSecret)) {
                assertThat(all).as("the job's output holds %s", secret).noneMatch(l -> l.contains(secret));
            }
            assertThat(jobDir(job.getId())).doesNotExist();
            assertThat(agentLog()).doesNotContain(SHARED_USER_WARNING);
        }
    }

    @Test
    void withoutRunAsAJobStillGetsOnlyTheAllowlistAndTheAgentWarnsOnce() throws Exception {
        agent = launch(env(), List.of());

        JobsRecord job = runJob("env");

        assertThat(job.getStatus()).as(agentLog()).isEqualTo(JobStatus.COMPLETED);
        Path dir = jobDir(job.getId());
        assertThat(logs(job.getId(), LogLevel.info)).filteredOn(l -> l.contains("=")).containsExactlyInAnyOrder(
                "PATH=" + JobEnvironment.DEFAULT_PATH, "LANG=" + JobEnvironment.DEFAULT_LANG, "HOME=" + dir,
                "TMPDIR=" + dir.resolve("tmp"), "CUDA_VISIBLE_DEVICES=0", "DROVER_PASSED=visible-to-jobs");
        assertThat(dir).doesNotExist();
        assertThat(agentLog().lines().filter(l -> l.contains(SHARED_USER_WARNING))).hasSize(1);
    }

    @Test
    void aMissingRunAsUserOrAPassThroughOfTheAgentsOwnSettingStopsTheStartWithOneLine() throws Exception {
        Map<String, String> env = env();
        env.put("RUN_AS", "no-such-user-" + UUID.randomUUID().toString().substring(0, 6));
        assertRefused(env, List.of(), "gpu-agent run: RUN_AS: no user named " + env.get("RUN_AS"));

        env = env();
        env.put("JOB_ENV_PASSTHROUGH", "DROVER_PASSED,DATABASE_URL");
        assertRefused(env, List.of(), "gpu-agent run: JOB_ENV_PASSTHROUGH: DATABASE_URL is the agent's own setting;"
                + " jobs never get the agent's configuration");
    }

    @Test
    void anAgentWithoutThePrivilegeToSwitchUsersRefusesToStart() throws Exception {
        try (TestUnixUser user = TestUnixUser.create()) {
            Map<String, String> env = env();
            env.put("RUN_AS", user.name());
            // root, but without CAP_SETUID and CAP_SETGID, as in a container that dropped them
            assertRefused(env, List.of("setpriv", "--bounding-set", "-setuid,-setgid", "--inh-caps", "-setuid,-setgid",
                    "--"), "gpu-agent run: RUN_AS " + user.name() + " needs the agent to run as root or with"
                    + " CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_KILL, CAP_SETGID, CAP_SETUID; it lacks CAP_SETGID, CAP_SETUID");
        }
    }

    private void assertRefused(Map<String, String> env, List<String> prefix, String line) throws Exception {
        agent = launch(env, prefix);
        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(home.resolve("agent.log"), StandardCharsets.UTF_8);
        assertThat(agent.exitValue()).as(out).isEqualTo(2);
        assertThat(out).isEqualTo(line + "\n").doesNotContain(dbPassword).doesNotContain(GEMINI_KEY);
    }
}
