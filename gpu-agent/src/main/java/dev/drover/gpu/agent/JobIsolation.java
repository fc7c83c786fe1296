package dev.drover.gpu.agent;

import dev.drover.gpu.process.JobDirs;
import dev.drover.gpu.process.JobEnvironment;
import dev.drover.gpu.process.JobUser;
import dev.drover.gpu.process.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;

/**
 * How GPU jobs are kept from the agent: what environment they get, where their own directories go, which user they
 * run as. See docs/security.md.
 *
 * @param jobsDir     {@code JOBS_DIR}: each job runs in {@code <jobsDir>/<provider id>/<job id>}, made for it and
 *                    removed after it
 * @param runAs       {@code RUN_AS}; null when jobs run as the agent's own user (the agent warns at start that they
 *                    can then read its environment, files and storage)
 * @param environment the allowlist every job's environment is made from ({@code JOB_ENV_PASSTHROUGH})
 */
public record JobIsolation(Path jobsDir, JobUser runAs, JobEnvironment environment) {

    public JobIsolation {
        Objects.requireNonNull(jobsDir, "jobsDir");
        Objects.requireNonNull(environment, "environment");
    }

    /** Jobs as the agent's own user, with only the default environment. */
    public static JobIsolation sameUser(Path jobsDir) {
        return new JobIsolation(jobsDir, null, JobEnvironment.minimal());
    }

    /**
     * Checks, before the daemon starts, what would otherwise fail or leak later; throws {@link IllegalStateException}
     * with a one-line reason naming the setting. Creates {@code storageDir} (mode 0700) and {@code jobsDir} (0711)
     * when missing. With {@link #runAs()}: the user is neither root nor the agent's own, the agent holds
     * {@link Privileges#REQUIRED}, and, tried as that user, {@code jobsDir} is reachable while {@code storageDir}
     * can be neither read nor entered.
     */
    public void check(Path storageDir) {
        try {
            if (!Files.isDirectory(storageDir)) {
                Files.createDirectories(storageDir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            JobDirs.prepareRoot(jobsDir);
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("JOBS_DIR / STORAGE_DIR: " + e.getMessage(), e);
        }
        if (runAs == null) {
            return;
        }
        if (runAs.uid() == 0 || runAs.uid() == Privileges.uid()) {
            throw new IllegalStateException("RUN_AS " + runAs.name() + " is " + (runAs.uid() == 0 ? "root" : "the agent's own user")
                    + ": jobs must run as another, unprivileged user");
        }
        List<String> missing = Privileges.missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("RUN_AS " + runAs.name() + " needs the agent to run as root or with "
                    + String.join(", ", Privileges.REQUIRED.keySet().stream().sorted().toList()) + "; it lacks "
                    + String.join(", ", missing));
        }
        if (!runAs.passes("-x", jobsDir)) {
            throw new IllegalStateException("RUN_AS " + runAs.name() + " cannot reach JOBS_DIR " + jobsDir.toAbsolutePath()
                    + " (every directory above it must let others pass: o+x)");
        }
        if (runAs.passes("-r", storageDir) || runAs.passes("-x", storageDir)) {
            throw new IllegalStateException("RUN_AS " + runAs.name() + " can read STORAGE_DIR "
                    + storageDir.toAbsolutePath() + "; make it private to the agent (chmod 700)");
        }
    }

    /** For the start-up log. */
    public String describe() {
        return "jobs run " + (runAs == null ? "as this agent's own user" : "as " + runAs.name() + " (uid " + runAs.uid() + ")")
                + " in " + jobsDir.toAbsolutePath() + "/<provider>/<job>, environment: PATH, LANG, HOME, TMPDIR,"
                + " CUDA_VISIBLE_DEVICES" + (environment.passedThrough().isEmpty() ? ""
                : ", passed through: " + String.join(", ", environment.passedThrough())) + " and the job's own";
    }
}
