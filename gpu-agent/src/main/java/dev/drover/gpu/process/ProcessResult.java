package dev.drover.gpu.process;

import java.time.Duration;
import java.time.Instant;

/**
 * How a job's process ended.
 *
 * @param outcome  why it ended
 * @param exitCode its exit status; null when it never started. A process killed by a signal reports 128 + signal.
 * @param started  when it started (wall clock, for storing)
 * @param runtime  how long it ran (monotonic clock, for billing)
 * @param error    a one-line reason when it did not exit 0; null otherwise
 */
public record ProcessResult(Outcome outcome, Integer exitCode, Instant started, Duration runtime, String error) {

    /** Why a process ended. */
    public enum Outcome {
        /** It exited by itself; see the exit code. */
        EXITED,
        /** It ran past its time limit and was stopped. */
        TIMED_OUT,
        /** It was cancelled and stopped. */
        CANCELLED,
        /** It could not be started (no such command, bad working dir). */
        FAILED_TO_START
    }

    public boolean succeeded() {
        return outcome == Outcome.EXITED && exitCode != null && exitCode == 0;
    }
}
