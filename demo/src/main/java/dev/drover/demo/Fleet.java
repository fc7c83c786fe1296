package dev.drover.demo;

import dev.drover.testing.FreePort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker daemons, each a separate process as in production: two certification workers (they share the
 * certification queue), one sync worker and one GPU agent. A daemon whose main class is not on the classpath is
 * reported {@linkplain #missing() missing} and its part of the workload is skipped, never faked.
 */
final class Fleet implements AutoCloseable {

    private final String classpath;
    private final Map<String, String> env;
    private final Path logDir;
    private final Map<DaemonKind, String> mains = new LinkedHashMap<>();
    private final List<DaemonKind> missing = new ArrayList<>();
    private final List<DaemonProcess> processes = new ArrayList<>();

    /** {@code env}: what every daemon gets (servers and simulators); logs go to {@code logDir}. */
    Fleet(String classpath, Map<String, String> env, Path logDir) {
        this.classpath = classpath;
        this.env = Map.copyOf(env);
        this.logDir = logDir;
        for (DaemonKind kind : DaemonKind.all()) {
            Optional<String> main = JavaCommand.findClass(classpath, kind.packagePrefix(), kind.mainClass());
            main.ifPresentOrElse(m -> mains.put(kind, m), () -> missing.add(kind));
        }
    }

    /** Starts {@code count} processes of {@code kind} with {@code run}; does nothing for a missing daemon. */
    void start(DaemonKind kind, int count, Console console) {
        if (!mains.containsKey(kind)) {
            return;
        }
        for (int i = 1; i <= count; i++) {
            String name = count == 1 ? kind.label() : kind.label() + "-" + i;
            int port = FreePort.pick();
            Map<String, String> own = new LinkedHashMap<>(env);
            own.put("HTTP_PORT", Integer.toString(port));
            DaemonProcess p = DaemonProcess.start(name, classpath, mains.get(kind), List.of("run"), own,
                    logDir.resolve(name + ".log"), port);
            processes.add(p);
            console.step("started " + name + " (pid " + p.pid() + ", health and metrics on :" + port + ")");
        }
    }

    /** Runs {@code <main> args...} of {@code kind} to completion (a {@code submit}-style subcommand). */
    ToolRun runTool(DaemonKind kind, List<String> args) {
        return ToolRun.run(classpath, mains.get(kind), args, env);
    }

    boolean has(DaemonKind kind) {
        return mains.containsKey(kind);
    }

    /** The daemons whose main class is not on the classpath. */
    List<DaemonKind> missing() {
        return List.copyOf(missing);
    }

    List<DaemonProcess> processes() {
        return List.copyOf(processes);
    }

    /** The daemons that exited although nobody asked them to. */
    List<DaemonProcess> dead() {
        return processes.stream().filter(p -> !p.isAlive()).toList();
    }

    /** Stops every daemon (SIGTERM, then SIGKILL of what remains), all at once. */
    @Override
    public void close() {
        processes.parallelStream().forEach(DaemonProcess::close);
    }
}
