package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.gpu.process.JobEnvironment;
import dev.drover.gpu.process.LogLevel;
import dev.drover.gpu.process.ProcessRunner;
import dev.drover.gpu.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job process finds in its environment: the allowlist and nothing else, proven by a real {@code env}. */
class JobEnvironmentTest {

    private static final Map<String, String> AGENT_ENV = Map.of("DATABASE_URL", "postgres://drover:hunter2@db/drover",
            "REDIS_URL", "redis://:s3cret@redis:6379", "GEMINI_API_KEY", "AIza-secret", "HF_ENDPOINT",
            "https://hf.example", "HOME", "/root", "PATH", "/root/bin:/usr/bin");
    private static final Set<String> OWN = Set.of("DATABASE_URL", "REDIS_URL", "GEMINI_API_KEY");

    @Test
    void aJobSeesTheDefaultsThePassThroughItsOwnEnvAndTheAgentsPerJobValuesOnly(@TempDir Path dir) throws Exception {
        JobEnvironment allow = JobEnvironment.passingThrough(List.of("HF_ENDPOINT", " NOT_IN_AGENT "), AGENT_ENV, OWN);
        Map<String, String> declared = Map.of("LR", "0.01", "LANG", "de_DE.UTF-8", "HOME", "/root",
                "CUDA_VISIBLE_DEVICES", "0,1,2,3", "TMPDIR", "/tmp");
        Map<String, String> env = allow.forJob(declared, Map.of("HOME", dir.toString(), "TMPDIR", dir + "/tmp"));
        LinesSink sink = new LinesSink();

        new ProcessRunner().start(new ProcessSpec(List.of("env"), env, dir, List.of(2), null,
                ProcessSpec.DEFAULT_KILL_GRACE), sink).await();

        Map<String, String> seen = new TreeMap<>();
        sink.messages(LogLevel.INFO).stream().filter(l -> l.contains("=")).forEach(l -> seen.put(l.substring(0,
                l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("PATH", JobEnvironment.DEFAULT_PATH,
                "LANG", "de_DE.UTF-8", "HF_ENDPOINT", "https://hf.example", "LR", "0.01", "HOME", dir.toString(),
                "TMPDIR", dir + "/tmp", "CUDA_VISIBLE_DEVICES", "2"));
        assertThat(allow.passedThrough()).containsExactly("HF_ENDPOINT");
        assertThat(JobEnvironment.ignored(declared)).containsExactly("CUDA_VISIBLE_DEVICES", "HOME", "TMPDIR");
    }

    @Test
    void withoutPassThroughNothingOfTheRunnersOwnEnvironmentReachesAJob() throws Exception {
        LinesSink sink = new LinesSink();

        new ProcessRunner().start(ProcessSpec.of("env"), sink).await();

        assertThat(sink.messages(LogLevel.INFO)).filteredOn(l -> l.contains("="))
                .containsExactlyInAnyOrder("PATH=" + JobEnvironment.DEFAULT_PATH, "CUDA_VISIBLE_DEVICES=0");
        assertThat(System.getenv()).isNotEmpty(); // there was something to leak
    }

    @Test
    void thePassThroughListNeverNamesTheAgentsOwnSettingsOrPerJobVariables() {
        assertThatThrownBy(() -> JobEnvironment.passingThrough(List.of("HF_ENDPOINT", "DATABASE_URL"), AGENT_ENV, OWN))
                .hasMessage("JOB_ENV_PASSTHROUGH: DATABASE_URL is the agent's own setting; jobs never get the agent's"
                        + " configuration");
        assertThatThrownBy(() -> JobEnvironment.passingThrough(List.of("CUDA_VISIBLE_DEVICES"), AGENT_ENV, OWN))
                .hasMessageContaining("set by the agent for each job");
        assertThatThrownBy(() -> JobEnvironment.passingThrough(List.of("A=B"), AGENT_ENV, OWN))
                .hasMessageContaining("'A=B' is not a variable name");
    }

    @Test
    void aBareCommandIsLookedUpOnTheJobsPathNotTheAgents(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("venv/bin"));
        Path tool = Files.writeString(bin.resolve("train-tool"), "#!/bin/sh\necho \"from the job's PATH\"\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        LinesSink sink = new LinesSink();

        new ProcessRunner().start(ProcessSpec.of("train-tool").withEnv(Map.of("PATH", bin + ":/usr/bin:/bin")), sink)
                .await();

        assertThat(sink.messages(LogLevel.INFO)).as("%s", sink.messages()).contains("from the job's PATH");
    }
}
