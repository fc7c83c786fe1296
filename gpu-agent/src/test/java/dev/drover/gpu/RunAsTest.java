package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.gpu.agent.JobIsolation;
import dev.drover.gpu.process.JobDirs;
import dev.drover.gpu.process.JobEnvironment;
import dev.drover.gpu.process.JobUser;
import dev.drover.gpu.process.LogLevel;
import dev.drover.gpu.process.ProcessResult;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs as another Unix user (setpriv), with a user made for the test: what the job can reach, stopping its process
 * tree across the switch, cleaning up after it, and the start-up checks. Root only (skipped otherwise, saying so).
 */
class RunAsTest {

    private static TestUnixUser user;
    private static JobUser jobUser;
    @TempDir
    Path tmp;

    @BeforeAll
    static void createUser() {
        user = TestUnixUser.create();
        jobUser = user.jobUser();
    }

    @AfterAll
    static void removeUser() {
        if (user != null) {
            user.close();
        }
    }

    /** {@code tmp} itself is private to root: the job user may pass through it, as through any parent of JOBS_DIR. */
    private JobDirs dirs() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        return JobDirs.open(tmp.resolve("jobs"), jobUser);
    }

    private ProcessSpec in(Path dir, String script) {
        Map<String, String> env = JobEnvironment.minimal().forJob(Map.of(), Map.of("HOME", dir.toString()));
        return new ProcessSpec(List.of("sh", "-c", script), env, dir, List.of(0), null, Duration.ofMillis(300));
    }

    @Test
    void aJobRunsAsTheUserOwnsItsDirectoryAndCannotReadTheAgentsFilesOrEnvironment() throws Exception {
        Path agentDir = Files.createDirectories(tmp.resolve("agent"));
        Files.setPosixFilePermissions(agentDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = Files.writeString(agentDir.resolve("agent.env"), "DATABASE_URL=postgres://u:hunter2@db/x");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        JobDirs dirs = dirs();
        Path dir = dirs.create(UUID.randomUUID());
        dirs.handOver(dir);
        LinesSink sink = new LinesSink();

        ProcessResult r = new ProcessRunner(InstantSource.system(), jobUser).start(in(dir, "id -u; echo home=$HOME;"
                + " echo weights > $HOME/model.bin && echo wrote; cat " + config + "; cat /proc/$PPID/environ;"
                + " cat /proc/1/environ; exit 0"), sink).await();

        assertThat(r.succeeded()).as("%s", sink.messages()).isTrue();
        assertThat(sink.messages(LogLevel.INFO)).startsWith(String.valueOf(jobUser.uid()), "home=" + dir, "wrote");
        assertThat(sink.messages(LogLevel.ERROR)).hasSize(3).allMatch(l -> l.endsWith("Permission denied"));
        assertThat(String.join("\n", sink.messages(LogLevel.INFO))).doesNotContain("hunter2");
        assertThat((Integer) Files.getAttribute(dir.resolve("model.bin"), "unix:uid")).isEqualTo(jobUser.uid());
    }

    @Test
    void cancelStopsTheWholeTreeAcrossTheUserSwitch() throws Exception {
        JobDirs dirs = dirs();
        Path dir = dirs.create(UUID.randomUUID());
        dirs.handOver(dir);
        ProcessRunner runner = new ProcessRunner(InstantSource.system(), jobUser);

        ProcessRunnerTest.assertCancelStopsTheTree(runner, in(dir, "true"));

        assertThat((Integer) Files.getAttribute(dir.resolve("child.pid"), "unix:uid")).isEqualTo(jobUser.uid());
    }

    @Test
    void whatTheJobLeavesIsRemovedEvenLockedUpAndNothingALinkPointsAtIsTouched() throws Exception {
        Path keep = Files.writeString(tmp.resolve("keep.txt"), "agent data");
        JobDirs dirs = dirs();
        Path dir = dirs.create(UUID.randomUUID());
        dirs.handOver(dir);

        ProcessResult r = new ProcessRunner(InstantSource.system(), jobUser).start(in(dir, "mkdir -p a/b; touch a/b/f;"
                + " ln -s " + keep + " a/link; ln -s " + tmp + " a/dirlink; chmod 000 a/b a"), new LinesSink()).await();
        JobDirs.delete(dir);

        assertThat(r.succeeded()).isTrue();
        assertThat(dir).doesNotExist();
        assertThat(keep).hasContent("agent data");
    }

    @Test
    void startUpRefusesAUserThatCannotReachItsJobsOrCanReadTheStorage() throws Exception {
        Path storage = Files.createDirectories(tmp.resolve("storage"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        JobIsolation ok = new JobIsolation(tmp.resolve("jobs"), jobUser, JobEnvironment.minimal());
        Files.setPosixFilePermissions(storage, PosixFilePermissions.fromString("rwx------"));
        ok.check(storage);

        Files.setPosixFilePermissions(storage, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> ok.check(storage)).hasMessage("RUN_AS " + user.name() + " can read STORAGE_DIR "
                + storage + "; make it private to the agent (chmod 700)");
        Path hidden = Files.createDirectories(tmp.resolve("private/jobs"));
        Files.setPosixFilePermissions(hidden.getParent(), PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> new JobIsolation(hidden, jobUser, JobEnvironment.minimal()).check(tmp.resolve("s2")))
                .hasMessageContaining("cannot reach JOBS_DIR " + hidden);
        assertThatThrownBy(() -> new JobIsolation(tmp.resolve("jobs"), JobUser.lookup("root"), JobEnvironment.minimal())
                .check(tmp.resolve("s3"))).hasMessageContaining("RUN_AS root is root");
        assertThatThrownBy(() -> JobUser.lookup("no-such-user-" + UUID.randomUUID().toString().substring(0, 6)))
                .hasMessageStartingWith("RUN_AS: no user named no-such-user-");
    }
}
