package dev.drover.gpu.process;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each job's own directory, {@code <root>/<job id>}: created fresh (mode 0700) before the job, handed to the
 * {@link JobUser} once the agent has put its inputs there, removed after the job however it ended, and every
 * leftover of a dead run removed when the agent starts ({@link #open}).
 *
 * <p>What a job leaves behind is hostile: it may hold links to the agent's files, or be swapped while the agent reads
 * it. The agent never follows a link in it: removal and {@link #copyOut} work relative to open directory handles
 * ({@link SecureDirectoryStream}, openat/unlinkat with no-follow), never by path.
 */
public final class JobDirs {

    private static final Logger log = LoggerFactory.getLogger(JobDirs.class);
    /** Others may pass through to their own job's directory but not list the others. */
    static final Set<PosixFilePermission> TRAVERSE_ONLY = PosixFilePermissions.fromString("rwx--x--x");
    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private final Path root;
    private final JobUser owner;

    private JobDirs(Path root, JobUser owner) {
        this.root = root;
        this.owner = owner;
    }

    /**
     * Prepares {@code root} (mode 0711; created if missing, checked if not) and removes every directory in it: at
     * start no job of this agent runs, so what is there is left by a run that died with the agent.
     *
     * @param owner the user jobs run as; null when they run as the agent's own user
     */
    public static JobDirs open(Path root, JobUser owner) throws IOException {
        prepareRoot(root);
        try (Stream<Path> stale = Files.list(root)) {
            for (Path dir : stale.toList()) {
                log.info("removing the directory of a job that ended with an earlier run: {}", dir);
                delete(dir);
            }
        }
        return new JobDirs(root, owner);
    }

    /**
     * Creates {@code dir} with mode 0711 if missing; an existing one must belong to this process's user and be
     * writable by nobody else (else a job could swap another job's directory). Throws a one-line reason.
     */
    public static void prepareRoot(Path dir) throws IOException {
        if (!Files.isDirectory(dir, NOFOLLOW_LINKS)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, TRAVERSE_ONLY);
        }
        int ownerUid = (Integer) Files.getAttribute(dir, "unix:uid", NOFOLLOW_LINKS);
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, NOFOLLOW_LINKS);
        if (ownerUid != Privileges.uid() || perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException(dir + " must belong to the agent's user and be writable by nobody else"
                    + " (it is " + PosixFilePermissions.toString(perms) + ", uid " + ownerUid + ")");
        }
    }

    public Path root() {
        return root;
    }

    /** A fresh, empty {@code <root>/<job>} (mode 0700, still the agent's) with an empty {@code tmp} inside. */
    public Path create(UUID job) throws IOException {
        Path dir = root.resolve(job.toString());
        delete(dir);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
        Files.setPosixFilePermissions(dir, PRIVATE); // whatever the umask
        Files.createDirectory(dir.resolve("tmp"), PosixFilePermissions.asFileAttribute(PRIVATE));
        return dir;
    }

    /**
     * Gives {@code dir} and what the agent put in it to the job's user; call before the job starts, when only the
     * agent has written there. Nothing to do when jobs run as the agent's user.
     */
    public void handOver(Path dir) throws IOException {
        if (owner == null) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path p : tree.toList()) {
                Files.setAttribute(p, "unix:gid", owner.gid(), NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:uid", owner.uid(), NOFOLLOW_LINKS);
            }
        }
    }

    /**
     * Copies {@code dir/<sub>/<name>} to {@code target} if it is a regular file, reached without following any link.
     *
     * @return false when there is no such regular file (missing, a link, a directory, a device)
     */
    public static boolean copyOut(Path dir, String sub, String name, Path target) throws IOException {
        try (SecureDirectoryStream<Path> top = secure(dir);
             SecureDirectoryStream<Path> parent = top.newDirectoryStream(Path.of(sub), NOFOLLOW_LINKS)) {
            Path file = Path.of(name);
            if (!parent.getFileAttributeView(file, BasicFileAttributeView.class, NOFOLLOW_LINKS).readAttributes()
                    .isRegularFile()) {
                return false;
            }
            try (SeekableByteChannel ch = parent.newByteChannel(file, Set.of(StandardOpenOption.READ,
                    NOFOLLOW_LINKS)); InputStream in = Channels.newInputStream(ch)) {
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                return true;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (FileSystemException e) {
            // a link where a directory or the file should be (ELOOP): not a result the agent will read
            return false;
        }
    }

    /** Removes {@code dir} and everything in it, following no link; a failure is logged, never thrown. */
    public static void delete(Path dir) {
        if (!Files.exists(dir, NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (Files.isDirectory(dir, NOFOLLOW_LINKS)) {
                try (SecureDirectoryStream<Path> s = secure(dir)) {
                    deleteContents(s);
                }
            }
            Files.delete(dir);
        } catch (IOException e) {
            log.warn("could not remove job directory {}: {}", dir, e.getMessage());
        }
    }

    private static void deleteContents(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new java.util.ArrayList<>();
        dir.forEach(p -> names.add(p.getFileName()));
        for (Path name : names) {
            BasicFileAttributes attrs = dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW_LINKS)
                    .readAttributes();
            if (!attrs.isDirectory()) {
                dir.deleteFile(name);
                continue;
            }
            try (SecureDirectoryStream<Path> child = openChild(dir, name)) {
                deleteContents(child);
            }
            dir.deleteDirectory(name);
        }
    }

    /** A job may leave a directory it cannot read itself (mode 000); the agent's own user then opens it up first. */
    private static SecureDirectoryStream<Path> openChild(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.newDirectoryStream(name, NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW_LINKS).setPermissions(PRIVATE);
            return dir.newDirectoryStream(name, NOFOLLOW_LINKS);
        }
    }

    private static SecureDirectoryStream<Path> secure(Path dir) throws IOException {
        DirectoryStream<Path> s = Files.newDirectoryStream(dir);
        if (s instanceof SecureDirectoryStream<Path> sds) {
            return sds;
        }
        s.close();
        throw new IOException("this file system cannot remove a directory without following links (Linux can)");
    }
}
