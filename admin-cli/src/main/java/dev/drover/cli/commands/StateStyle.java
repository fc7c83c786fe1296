package dev.drover.cli.commands;

import dev.drover.queue.JobState;

/** The colour of a job state (or event type) on a terminal. */
final class StateStyle {

    private StateStyle() {
    }

    static String of(JobState state) {
        return of(state.bullName());
    }

    /** picocli markup style for a state or event name; plain for the rest. */
    static String of(String name) {
        return switch (name) {
            case "completed" -> "green";
            case "failed", "retries-exhausted", "stalled" -> "red";
            case "delayed", "paused" -> "yellow";
            case "active", "progress" -> "cyan";
            default -> "faint";
        };
    }
}
