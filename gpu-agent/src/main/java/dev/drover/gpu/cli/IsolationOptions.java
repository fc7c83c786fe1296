package dev.drover.gpu.cli;

import dev.drover.daemon.Env;
import dev.drover.daemon.DaemonCli;
import dev.drover.gpu.agent.JobIsolation;
import dev.drover.gpu.images.FetchRules;
import dev.drover.gpu.process.JobEnvironment;
import dev.drover.gpu.process.JobUser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-agent run}'s options that keep jobs and users' URLs away from the agent (docs/security.md): the job user,
 * directories and environment pass-through, and the two opt-ins of image fetching.
 */
public final class IsolationOptions {

    @Env("RUN_AS")
    @Option(names = "--run-as", paramLabel = "<user>",
            description = "Run GPU jobs as this Unix user (the agent needs root, or CAP_SETUID, CAP_SETGID, CAP_CHOWN,"
                    + " CAP_KILL and CAP_DAC_OVERRIDE). Without it jobs share the agent's user and can read its"
                    + " environment and files.")
    String runAs;

    @Env("JOBS_DIR")
    @Option(names = "--jobs-dir", paramLabel = "<dir>", defaultValue = "jobs",
            description = "Each job runs in its own directory <dir>/<provider>/<job>, removed afterwards. Keep it"
                    + " outside the storage dir; with --run-as that user must be able to reach it.")
    Path jobsDir;

    @Env("JOB_ENV_PASSTHROUGH")
    @Option(names = "--job-env-passthrough", paramLabel = "<name>", split = ",",
            description = "Names of the agent's environment variables copied into every job (comma-separated; never"
                    + " the agent's own settings). Jobs get nothing else of the agent's environment.")
    List<String> passthrough = new ArrayList<>();

    @Env("ALLOW_INSECURE_FETCH")
    @Option(names = "--allow-insecure-fetch", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Also fetch users' reference and training images over plain http (local development only).")
    boolean allowInsecureFetch;

    @Env("ALLOW_FETCH_FROM")
    @Option(names = "--allow-fetch-from", paramLabel = "<address|cidr>", split = ",",
            description = "Addresses users' image URLs may reach although they are not public, e.g. 127.0.0.1 for a"
                    + " local image server (comma-separated IP addresses or CIDR ranges, never host names).")
    List<String> allowFetchFrom = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The job isolation, not yet {@link JobIsolation#check checked}; throws a one-line reason for a bad setting. */
    JobIsolation isolation(Map<String, String> agentEnv) {
        JobUser user = runAs == null || runAs.isBlank() ? null : JobUser.lookup(runAs.strip());
        return new JobIsolation(jobsDir.toAbsolutePath(), user,
                JobEnvironment.passingThrough(passthrough, agentEnv, ownSettings()));
    }

    FetchRules fetchRules() {
        try {
            return FetchRules.of(allowInsecureFetch, allowFetchFrom);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ALLOW_FETCH_FROM: " + e.getMessage(), e);
        }
    }

    /** Every variable the agent reads its own configuration from: none of them may be passed to a job. */
    private Set<String> ownSettings() {
        Set<String> names = new TreeSet<>(Set.of("DATABASE_USER", "DATABASE_PASSWORD"));
        command.options().stream().map(DaemonCli::envName).filter(Objects::nonNull).forEach(names::add);
        return names;
    }
}
