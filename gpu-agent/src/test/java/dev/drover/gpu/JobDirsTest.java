package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.gpu.process.JobDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job directories on a real file system, including what a hostile job leaves behind. */
class JobDirsTest {

    @TempDir
    Path tmp;

    @Test
    void eachJobGetsAFreshPrivateDirectoryWithItsOwnTmp() throws Exception {
        JobDirs dirs = JobDirs.open(tmp.resolve("jobs"), null);
        UUID job = UUID.randomUUID();
        Path first = dirs.create(job);
        Files.writeString(first.resolve("left-over"), "x");

        Path dir = dirs.create(job);

        assertThat(dir).isEqualTo(tmp.resolve("jobs").resolve(job.toString()));
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("tmp");
        }
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("jobs")))).isEqualTo("rwx--x--x");
    }

    @Test
    void removingAJobsDirectoryFollowsNoLinkAndGetsPastWhatTheJobLockedUp() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("agent-files"));
        Path secret = Files.writeString(outside.resolve("agent.env"), "GEMINI_API_KEY=k");
        Path dir = JobDirs.open(tmp.resolve("jobs"), null).create(UUID.randomUUID());
        Files.createSymbolicLink(dir.resolve("to-file"), secret);
        Files.createSymbolicLink(dir.resolve("to-dir"), outside);
        Path locked = Files.createDirectories(dir.resolve("a/b/locked"));
        Files.writeString(locked.resolve("f"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        JobDirs.delete(dir);

        assertThat(dir).doesNotExist();
        assertThat(secret).hasContent("GEMINI_API_KEY=k");
    }

    @Test
    void openingRemovesWhatADeadRunLeftAndRefusesARootOthersCanWrite() throws Exception {
        Path root = tmp.resolve("jobs");
        Path stale = Files.createDirectories(root.resolve(UUID.randomUUID().toString()).resolve("tmp"));
        Files.writeString(stale.resolve("checkpoint"), "x");

        JobDirs.open(root, null);

        assertThat(root).isEmptyDirectory();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> JobDirs.open(root, null)).hasMessageContaining("writable by nobody else");
    }

    @Test
    void onlyARegularFileIsCopiedOutNeverALinkOrWhatALinkedDirectoryHolds() throws Exception {
        Path secret = Files.writeString(tmp.resolve("agent.env"), "secret");
        Path dir = JobDirs.open(tmp.resolve("jobs"), null).create(UUID.randomUUID());
        Files.createDirectories(dir.resolve("output"));
        Files.createSymbolicLink(dir.resolve("linked"), tmp);
        Path target = tmp.resolve("store/model.bin");

        Files.createSymbolicLink(dir.resolve("output/model.bin"), secret);
        assertThat(JobDirs.copyOut(dir, "output", "model.bin", target)).isFalse();
        assertThat(JobDirs.copyOut(dir, "linked", "agent.env", target)).isFalse();
        assertThat(JobDirs.copyOut(dir, "output", "missing.bin", target)).isFalse();
        assertThat(target).doesNotExist();

        Files.delete(dir.resolve("output/model.bin"));
        Files.writeString(dir.resolve("output/model.bin"), "weights");
        assertThat(JobDirs.copyOut(dir, "output", "model.bin", target)).isTrue();
        assertThat(target).hasContent("weights");
    }
}
