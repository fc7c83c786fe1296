package dev.drover.gpu.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Unix user jobs run as ({@code RUN_AS}), another than the agent's: each job command is started through
 * util-linux's {@code setpriv}, which switches real and effective uid and gid, takes the user's supplementary groups,
 * sets no-new-privileges (a job cannot gain rights through setuid programs) and then execs the command itself, so the
 * job keeps the pid the agent started and the agent's signals reach it. Needs the agent to run as root or with
 * {@link Privileges#REQUIRED}.
 *
 * @param name    the login name
 * @param uid     its user id
 * @param gid     its primary group id
 * @param setpriv the setpriv binary
 */
public record JobUser(String name, int uid, int gid, Path setpriv) {

    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?");
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    /** Looks the user up (NSS, through {@code getent passwd}); throws a one-line reason when it cannot be used. */
    public static JobUser lookup(String name) {
        if (!LOGIN.matcher(name).matches()) {
            throw new IllegalArgumentException("RUN_AS: '" + name + "' is not a user name");
        }
        String[] entry = getent(name).split(":", -1);
        if (entry.length < 4) {
            throw new IllegalArgumentException("RUN_AS: no user named " + name);
        }
        Path setpriv = SETPRIV.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalArgumentException("RUN_AS needs setpriv (util-linux), found in neither " + SETPRIV));
        return new JobUser(entry[0], Integer.parseInt(entry[2]), Integer.parseInt(entry[3]), setpriv);
    }

    /** {@code command} started as this user. */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid,
                "--init-groups", "--no-new-privs", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Whether this user passes {@code test <op> <path>} ({@code -x}: can reach it, {@code -r}: can read it), run
     * through setpriv as a job would be: a real check of the switch and of every directory on the way.
     */
    public boolean passes(String op, Path path) {
        Path test = Files.isExecutable(Path.of("/usr/bin/test")) ? Path.of("/usr/bin/test") : Path.of("/bin/test");
        try {
            Process p = new ProcessBuilder(wrap(List.of(test.toString(), op, path.toString())))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String getent(String name) {
        try {
            Process p = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalArgumentException("RUN_AS: getent passwd " + name + " did not answer");
            }
            return p.exitValue() == 0 ? out.lines().findFirst().orElse("") : "";
        } catch (IOException e) {
            throw new IllegalArgumentException("RUN_AS: cannot look up users (getent): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("RUN_AS: interrupted looking up " + name, e);
        }
    }
}
