package dev.drover.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.drover.gpu.process.JobUser;
import dev.drover.gpu.process.Privileges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway system user for the run-as tests ({@code useradd --system}, random name, no home), removed on close.
 * Skips the calling test, saying why, when this process is not root or {@code useradd} is missing.
 */
final class TestUnixUser implements AutoCloseable {

    private final String name;

    private TestUnixUser(String name) {
        this.name = name;
    }

    static TestUnixUser create() {
        assumeTrue(Privileges.uid() == 0, "run-as tests need root (this test run has uid " + Privileges.uid()
                + "): they create a Unix user and switch to it");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "run-as tests need /usr/sbin/useradd (package passwd)");
        String name = "drvjob" + UUID.randomUUID().toString().substring(0, 8);
        run("/usr/sbin/useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
        return new TestUnixUser(name);
    }

    String name() {
        return name;
    }

    JobUser jobUser() {
        return JobUser.lookup(name);
    }

    @Override
    public void close() {
        run("/usr/sbin/userdel", name);
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
