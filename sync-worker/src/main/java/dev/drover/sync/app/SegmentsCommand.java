package dev.drover.sync.app;

import dev.drover.db.Database;
import dev.drover.queue.Queue;
import dev.drover.sync.Schedule;
import dev.drover.sync.SegmentControl;
import dev.drover.sync.SyncFailedException;
import dev.drover.sync.SyncJobData;
import dev.drover.sync.SyncMode;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sync-worker segments list|add|pause|resume|run-now}: the operator's control of {@code sync_segments_control}
 * through {@link SegmentControl}. Exit codes: 0 done, 1 refused (unknown or duplicate segment, bad schedule; one line
 * on stderr), 2 bad configuration or usage, 3 Postgres or Redis unreachable.
 */
@Command(name = "segments", mixinStandardHelpOptions = true, description = "List, add, pause, resume or run segments now.")
final class SegmentsCommand {

    @ParentCommand
    LeadSyncMain root;

    @Spec
    CommandSpec spec;

    /** {@code --every} or {@code --cron}: at most one. */
    static final class ScheduleArgs {
        @Option(names = "--every", paramLabel = "<duration>", description = "Run every interval: 90s, 15m, 6h, 1d or PT6H.")
        String every;

        @Option(names = "--cron", paramLabel = "<expr>", description = "Run by a 5-field Unix cron expression, e.g. '0 6 * * *'.")
        String cron;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every segment with its last run, success rate, consecutive failures and next run.")
    int list(@Mixin ConnectionOptions conn) {
        return withControl(conn, control -> {
            out(SegmentTable.render(control.list()).stripTrailing());
            return 0;
        });
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Adds a segment, due at once (default schedule: every 1d).")
    int add(@Mixin ConnectionOptions conn, @Parameters(paramLabel = "ID", description = "CRM segment id") long id,
            @ArgGroup(exclusive = true) ScheduleArgs schedule,
            @Option(names = "--tz", paramLabel = "<zone>", defaultValue = "UTC", description = "Time zone of --cron.") String tz,
            @Option(names = "--full", description = "Scheduled runs re-read every lead (FULL) instead of changes only.") boolean full,
            @Option(names = "--name", paramLabel = "<name>", description = "A label shown by list.") String name) {
        return withControl(conn, control -> {
            Schedule s = schedule(schedule, tz);
            control.add(id, s, full ? SyncMode.FULL : SyncMode.INCREMENTAL, name);
            out("segment " + id + " added (" + describe(s) + ", " + (full ? "FULL" : "INCREMENTAL") + "), due now");
            return 0;
        });
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stops scheduling a segment; a run in progress finishes.")
    int pause(@Mixin ConnectionOptions conn, @Parameters(paramLabel = "ID") long id) {
        return withControl(conn, control -> {
            control.pause(id);
            out("segment " + id + " paused");
            return 0;
        });
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Schedules a paused or failed segment again, its failure count reset.")
    int resume(@Mixin ConnectionOptions conn, @Parameters(paramLabel = "ID") long id) {
        return withControl(conn, control -> {
            control.resume(id);
            out("segment " + id + " resumed");
            return 0;
        });
    }

    @Command(name = "run-now", mixinStandardHelpOptions = true, description = "Enqueues a run now (also for a paused segment), unless one is pending or active.")
    int runNow(@Mixin ConnectionOptions conn, @Parameters(paramLabel = "ID") long id,
               @Option(names = "--full", description = "Re-read every lead instead of changes only.") boolean full) {
        var queueOptions = conn.queueOptions();
        return withControl(conn, control -> {
            SyncJobData data = control.runNow(id, full ? SyncMode.FULL : SyncMode.INCREMENTAL);
            try (Queue queue = new Queue(SyncJobData.QUEUE, queueOptions)) {
                var result = new SegmentRunEnqueuer(queue, SegmentRunEnqueuer.RetryPolicy.DEFAULT).enqueue(data);
                out(result.added() ? "segment " + id + ": run " + result.jobId() + " enqueued (" + data.mode() + ")"
                        : "segment " + id + ": run " + result.jobId() + " is already pending or active; nothing added");
            }
            return 0;
        });
    }

    private int withControl(ConnectionOptions conn, Function<SegmentControl, Integer> action) {
        try (Database db = conn.openDatabase(root.env())) {
            return action.apply(new SegmentControl(db.dsl(), InstantSource.system()));
        } catch (SyncFailedException | IllegalArgumentException e) {
            // unknown segment, duplicate add, bad schedule: the operator's input, not a crash
            spec.commandLine().getErr().println("sync-worker segments: " + e.getMessage());
            return 1;
        }
    }

    private static Schedule schedule(ScheduleArgs args, String tz) {
        if (args != null && args.cron != null) {
            return new Schedule.Cron(args.cron, zone(tz));
        }
        return Schedule.every(args != null && args.every != null ? args.every : "1d");
    }

    private static ZoneId zone(String tz) {
        try {
            return ZoneId.of(tz);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + tz + "'", e);
        }
    }

    private static String describe(Schedule s) {
        return switch (s) {
            case Schedule.Every e -> "every " + e.interval().toSeconds() + "s";
            case Schedule.Cron c -> "cron '" + c.expression() + "' " + c.zone().getId();
        };
    }

    private void out(String line) {
        spec.commandLine().getOut().println(line);
    }
}
