package dev.drover.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.drover.demo.OperatorJar.Command;
import dev.drover.demo.SecretsWorld.UrlVariant;
import dev.drover.queue.JobOptions;
import dev.drover.queue.JobState;
import dev.drover.queue.Queue;
import dev.drover.queue.QueueOptions;
import dev.drover.queue.Worker;
import dev.drover.queue.WorkerOptions;
import dev.drover.testing.FreePort;
import dev.drover.testing.sim.sprinthub.SimFault;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No secret shows anywhere (issue 14, item 5). Every command of every jar ({@code certification-worker},
 * {@code sync-worker}, {@code gpu-agent}, {@code drover}), enumerated from its picocli model, runs with
 * password-bearing Redis and Postgres URLs (valid, malformed in many ways, unreachable, with a wrong password),
 * the SprintHub token, the Gemini key and AWS credentials, given as flags and as environment variables; and the three
 * daemons run as their own JVMs doing real work against the simulators. Every distinctive secret (raw, URL-encoded
 * or base64) is then looked for in stdout, stderr, the logs, {@code --help}, the job logs in {@code gpu.job_logs},
 * every Redis key the commands and daemons wrote, every Postgres row, and {@code /metrics} and {@code /health/*}.
 */
class SecretsTest {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static SecretsWorld world;

    @BeforeAll
    static void world() throws Exception {
        world = new SecretsWorld();
    }

    @AfterAll
    static void closeWorld() throws Exception {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void theFinderKnowsASecretRawUrlEncodedAndInBase64AtAnyOffset() {
        Secret s = Secret.random("probe");
        LeakFinder finder = new LeakFinder(List.of(s));
        finder.check("raw", "x" + s.value() + "y");
        finder.check("url-encoded", "redis://u:" + s.urlEncoded() + "@h");
        for (String before : List.of("", "u:", "us:", "use:")) {
            finder.check("base64 after '" + before + "'",
                    Base64.getEncoder().encodeToString((before + s.value()).getBytes()));
            finder.check("base64url after '" + before + "'",
                    Base64.getUrlEncoder().encodeToString((before + s.value()).getBytes()));
        }
        finder.check("clean", "nothing to see " + Secret.random("other").value());
        assertThat(finder.leaks()).extracting(LeakFinder.Leak::where).containsExactly("raw", "url-encoded",
                "base64 after ''", "base64url after ''", "base64 after 'u:'", "base64url after 'u:'",
                "base64 after 'us:'", "base64url after 'us:'", "base64 after 'use:'", "base64url after 'use:'");
    }

    @Test
    void noCommandOfAnyJarShowsASecretWhateverItIsGiven() throws Exception {
        LeakFinder finder = new LeakFinder(world.secrets());
        SampleArguments samples = samples();
        seedQueue();
        List<CapturedRun.Pending> pending = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        for (OperatorJar jar : OperatorJar.all()) {
            List<Command> jarLeaves = new ArrayList<>();
            for (Command command : jar.commands()) {
                pending.add(help(command));
                if (command.leaf()) {
                    jarLeaves.add(command);
                    leaves.add(command.qualifiedName());
                }
            }
            for (Planned p : plan(jarLeaves)) {
                List<String> args = new ArrayList<>(p.command().path());
                args.addAll(flags(p.command(), p.mode(), p.variant()));
                args.addAll(samples.forCommand(p.command().spec()));
                pending.add(CapturedRun.start(p.command().qualifiedName() + " (" + p.variant().label() + ", "
                        + p.mode() + ")", jar, env(p.mode(), p.variant()), args, RUN_LIMIT));
            }
        }
        List<CapturedRun> runs = pending.stream().map(CapturedRun.Pending::await).toList();
        for (CapturedRun run : runs) {
            if (run.where().endsWith("--help")) {
                assertThat(run.code()).as(run.where() + "\n" + run.all()).isZero();
            } else if (run.where().contains("(valid,")) {
                assertThat(run.code()).as(run.where() + " got past its arguments and connected\n" + run.all())
                        .isNotIn(2, 3);
            }
            finder.check(run.where(), run.all());
        }
        finder.check("logs of no command", CapturedRun.unattributed());
        world.redisContents(world.cliPrefix, text -> finder.check("Redis key", text));
        world.databaseContents(world.cliDatabase, text -> finder.check("Postgres table", text));
        assertThat(leaves).as("leaf commands run").contains("certification-worker submit", "sync-worker segments add",
                "gpu-agent users deposit", "drover job", "drover db check");
        assertThat(finder.leaks()).as(finder.report()).isEmpty();
    }

    @Test
    void noRunningDaemonLeaksASecret() throws Exception {
        LeakFinder finder = new LeakFinder(world.secrets());
        prepareDaemonWorkload();
        List<DaemonProcess> daemons = List.of(
                daemon(DaemonKind.CERTIFICATION, Map.of("REDIS_URL", world.redisUrl(world.redisPassword),
                        "DATABASE_URL", world.daemonDatabaseUrl()), List.of()),
                daemon(DaemonKind.SYNC, Map.of("SCHEDULE_INTERVAL", "1s", "JOB_ATTEMPTS", "1"), List.of(
                        "--redis-url", world.redisUrl(world.redisPassword), "--database-url", world.daemonDatabaseUrl(),
                        "--sprinthub-api-token", world.sprinthubToken.value())),
                daemon(DaemonKind.GPU, Map.of("REDIS_URL", world.redisUrl(world.redisPassword),
                        "DATABASE_URL", "postgres://" + world.pg.host() + ":" + world.pg.port() + "/"
                                + world.daemonDatabase, "DATABASE_USER", world.runtimeRole,
                        "DATABASE_PASSWORD", world.runtimePassword.value(), "PROVIDER_NAME", "secrets-agent"),
                        List.of("--gemini-api-key", world.geminiKey.value())));
        try {
            List<DaemonProcess> notReady = Readiness.await(daemons, Duration.ofSeconds(120));
            assertThat(notReady).as(() -> notReady.stream().map(d -> d.name() + ":\n" + String.join("\n", d.tail(30)))
                    .toList().toString()).isEmpty();
            submitDaemonWorkload(finder);
            await().atMost(Duration.ofSeconds(120)).until(SecretsTest::daemonWorkloadDone);
            for (DaemonProcess d : daemons) {
                for (String path : List.of("/metrics", "/health/live", "/health/ready")) {
                    finder.check(d.name() + " " + path, Http.get(d.httpPort(), path));
                }
            }
        } finally {
            daemons.parallelStream().forEach(DaemonProcess::close);
        }
        for (DaemonProcess d : daemons) {
            finder.check(d.name() + " log", Files.readString(d.log()));
        }
        assertThat(scalar("select string_agg(message, ' ') from gpu.job_logs")).as("the job's env in gpu.job_logs")
                .contains("PATH=");
        assertErrorPathsRan();
        world.redisContents(world.daemonPrefix, text -> finder.check("Redis key", text));
        world.databaseContents(world.daemonDatabase, text -> finder.check("Postgres table", text));
        assertThat(finder.leaks()).as(finder.report()).isEmpty();
    }

    // the texts searched include what the daemons write when things go wrong, not only when they go well
    private static void assertErrorPathsRan() throws SQLException {
        assertThat(scalar("select count(*) from lead_sync.sync_segments_logs where status = 'error'"))
                .as("failed sync runs (HTTP 500, HTTP 401)").isEqualTo("2");
        assertThat(scalar("select count(*) from lead_sync.system_alerts where alert_type = 'authentication_failed'"))
                .as("the alert for a refused token").isEqualTo("1");
        assertThat(scalar("select count(*) from certification.model_certifications where status = 'FAILED'"))
                .as("the region that refused the AWS credentials").isEqualTo("1");
        assertThat(scalar("select count(*) from gpu.image_batches where status = 'failed'"))
                .as("the batch Gemini refused").isEqualTo("1");
    }

    private static DaemonProcess daemon(DaemonKind kind, Map<String, String> settings, List<String> flags) {
        String main = JavaCommand.findClass(JavaCommand.classpath(), kind.packagePrefix(), kind.mainClass())
                .orElseThrow();
        int port = FreePort.pick();
        Map<String, String> env = world.baseEnv(world.daemonPrefix);
        env.putAll(settings);
        env.put("HTTP_PORT", Integer.toString(port));
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(flags);
        return DaemonProcess.start(kind.label(), JavaCommand.classpath(), main, args, env,
                world.dir.resolve(kind.label() + ".log"), port);
    }

    // what the simulators and the database must hold before the daemons start
    private static void prepareDaemonWorkload() throws Exception {
        world.superuser(world.daemonDatabase, "insert into certification.ai_models (id, name, provider) values ('"
                + MODEL + "', 'Haiku', 'anthropic')");
        world.bedrock.rejectCredentials("eu-west-1");
        world.crm.segment(7).addLeads(70_000, 30);
        world.crm.segment(8).addLeads(80_000, 30);
        world.crm.failPage(8, 0, SimFault.status(500), 100);
        world.crm.segment(9).addLeads(90_000, 30);
        world.crm.failPage(9, 0, SimFault.status(401), 100);
        world.gemini.failWhenPromptContains("broken", 400, Integer.MAX_VALUE);
    }

    // through the jars' own operator commands, as the runtime role: a certification batch (one region refuses the
    // AWS credentials), three segments (one fine, one failing with 500s, one refusing the token), a GPU job that
    // prints its environment, and two image batches (one that Gemini refuses)
    private static void submitDaemonWorkload(LeakFinder finder) {
        String jobScript = "env; echo \"redis=$REDIS_URL db=$DATABASE_URL key=$GEMINI_API_KEY\"";
        List<List<String>> commands = List.of(
                List.of("certification-worker", "submit", "--certification-type", "SINGLE_MODEL",
                        "--certification-regions", "us-east-1,eu-west-1", "--certification-models", MODEL),
                List.of("sync-worker", "segments", "add", "7"),
                List.of("sync-worker", "segments", "add", "8"),
                List.of("sync-worker", "segments", "add", "9"),
                List.of("gpu-agent", "users", "add", "ann@example.com"),
                List.of("gpu-agent", "users", "deposit", "ann@example.com", "100", "--reference", "pay-1"),
                List.of("gpu-agent", "submit", "--user", "ann@example.com", "--type", "training", "--gpu-model",
                        "NVIDIA H100 80GB HBM3", "--time-limit", "2m", "--", "sh", "-c", jobScript),
                List.of("gpu-agent", "images", "submit", "--user", "ann@example.com", "--prompt", "a lighthouse"),
                List.of("gpu-agent", "images", "submit", "--user", "ann@example.com", "--prompt", "a broken one"));
        Map<String, String> env = world.baseEnv(world.daemonPrefix);
        env.put("REDIS_URL", world.redisUrl(world.redisPassword));
        env.put("DATABASE_URL", world.daemonDatabaseUrl());
        for (List<String> command : commands) {
            OperatorJar jar = OperatorJar.all().stream().filter(j -> j.name().equals(command.getFirst())).findFirst()
                    .orElseThrow();
            CapturedRun run = CapturedRun.start(String.join(" ", command), jar, env,
                    command.subList(1, command.size()), RUN_LIMIT).await();
            assertThat(run.code()).as(run.where() + "\n" + run.all()).isZero();
            finder.check(run.where(), run.all());
        }
    }

    private static boolean daemonWorkloadDone() throws SQLException {
        return "1".equals(scalar("select count(*) from certification.certification_jobs"
                + " where status in ('COMPLETED', 'FAILED')"))
                && "3".equals(scalar("select count(distinct segment_id) from lead_sync.sync_segments_logs"))
                && "1".equals(scalar("select count(*) from gpu.jobs where status in ('COMPLETED', 'FAILED')"))
                && "2".equals(scalar("select count(*) from gpu.image_batches where status in ('completed', 'failed')"));
    }

    private static String scalar(String sql) throws SQLException {
        try (Connection c = world.pg.connect(world.daemonDatabase); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    // a queue for the drover commands to show: two failed jobs, then one waiting
    private static void seedQueue() {
        QueueOptions options = QueueOptions.builder().redisUrl(world.redisUrl(world.redisPassword))
                .prefix(world.cliPrefix).build();
        try (Queue q = new Queue("q", options)) {
            q.add("welcome", Map.of("to", "ann@example.com"), JobOptions.builder().attempts(1).build());
            q.add("charge", Map.of("card", "4242"), JobOptions.builder().attempts(1).build());
            try (Worker w = new Worker("q", job -> {
                throw new IllegalStateException("card declined");
            }, WorkerOptions.builder().build(), options).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> q.getJobCounts().get(JobState.FAILED) == 2);
            }
            q.add("later", Map.of("to", "bob@example.com"));
        }
    }

    private static CapturedRun.Pending help(Command command) {
        List<String> args = new ArrayList<>(command.path());
        args.add("--help");
        return CapturedRun.start(command.qualifiedName() + " --help", command.jar(),
                env(Mode.ENV, world.variants().getFirst()), args, RUN_LIMIT);
    }

    /** One command line to run: a command with one pair of URLs, the secrets given one way. */
    private record Planned(Command command, UrlVariant variant, Mode mode) {
    }

    /**
     * What the leaf commands of one jar run with. Each command: the valid URLs (as variables and as flags, except a
     * daemon's {@code run}, which would run for good: {@link #noRunningDaemonLeaksASecret} runs those), and for each
     * URL it takes the unreachable server and the wrong password (connection failures are where drivers quote what
     * they were given). The malformed shapes go round the commands that take that URL, alternately as variable and
     * flag, until every shape has run in this jar and every command has had one: a jar parses its URLs in one place,
     * so the whole cross product would only repeat itself.
     */
    private static List<Planned> plan(List<Command> leaves) {
        List<Planned> out = new ArrayList<>();
        for (Command c : leaves) {
            Set<SecretOption> takes = SampleArguments.secretOptions(c.spec());
            for (UrlVariant v : world.variants()) {
                if (v.valid() ? !c.daemon() : v.shape() < 0 && takes.contains(v.broken())) {
                    (v.valid() ? List.of(Mode.values()) : List.of(Mode.ENV)).forEach(m -> out.add(new Planned(c, v, m)));
                }
            }
        }
        for (SecretOption kind : List.of(SecretOption.REDIS_URL, SecretOption.DATABASE_URL)) {
            List<Command> takers = leaves.stream()
                    .filter(c -> SampleArguments.secretOptions(c.spec()).contains(kind)).toList();
            List<UrlVariant> shapes = world.variants().stream()
                    .filter(v -> v.broken() == kind && v.shape() >= 0).toList();
            for (int i = 0; !takers.isEmpty() && i < Math.max(takers.size(), shapes.size()); i++) {
                out.add(new Planned(takers.get(i % takers.size()), shapes.get(i % shapes.size()),
                        Mode.values()[i % 2]));
            }
        }
        return out;
    }

    /** How the secrets reach a command: all as variables, or each as its option. */
    private enum Mode { ENV, FLAGS }

    private static Map<String, String> env(Mode mode, UrlVariant variant) {
        Map<String, String> env = world.baseEnv(world.cliPrefix);
        if (mode == Mode.ENV) {
            env.put("REDIS_URL", variant.redisUrl());
            env.put("DATABASE_URL", variant.databaseUrl());
            env.put("SPRINTHUB_API_TOKEN", world.sprinthubToken.value());
            env.put("GEMINI_API_KEY", world.geminiKey.value());
        }
        return env;
    }

    private static List<String> flags(Command command, Mode mode, UrlVariant variant) {
        List<String> flags = new ArrayList<>();
        for (var option : command.spec().options()) {
            String name = option.longestName();
            if (name.equals("--prefix") || name.equals("--queue-prefix")) {
                flags.addAll(List.of(name, world.cliPrefix));
            }
            SecretOption secret = SecretOption.byFlag(name);
            if (mode == Mode.FLAGS && secret != null) {
                flags.add(name);
                flags.add(switch (secret) {
                    case REDIS_URL -> variant.redisUrl();
                    case DATABASE_URL -> variant.databaseUrl();
                    case SPRINTHUB_API_TOKEN -> world.sprinthubToken.value();
                    case GEMINI_API_KEY -> world.geminiKey.value();
                });
            }
        }
        return flags;
    }

    private static SampleArguments samples() {
        Map<String, String> byName = new HashMap<>();
        byName.put("QUEUE", "q");
        byName.put("ID", "1");
        byName.put("EMAIL", "ops@example.com");
        byName.put("AMOUNT", "1.50");
        byName.put("COMMAND", "true");
        byName.put("NAME", "welcome");
        byName.put("drover db create-role NAME", world.createdRole);
        byName.put("--user", "ops@example.com");
        byName.put("--certification-type", "SINGLE_MODEL");
        byName.put("--certification-regions", "us-east-1");
        byName.put("--gpu-model", "NVIDIA H100 80GB HBM3");
        byName.put("--prompt", "a lighthouse");
        byName.put("--name", "model-1");
        byName.put("--every", "1d");
        byName.put("--reference", "pay-1");
        byName.put("--state", "failed");
        byName.put("--grace", "1h");
        byName.put("--to", "V1");
        Map<String, List<String>> extras = Map.of(
                "drover retry", List.of("--all-failed"),
                "drover promote", List.of("--all"),
                "drover watch", List.of("--duration", "200ms"),
                "drover dashboard", List.of("--port", "0", "--duration", "200ms"),
                "drover db create-role", List.of("--password-env", "RUNTIME_PASSWORD"),
                "certification-worker submit", List.of("--certification-models", MODEL));
        return new SampleArguments(byName, extras);
    }
}
