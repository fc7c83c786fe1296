package dev.drover.sync;

/** How a run chooses what to write: only leads changed since the segment's last success, or every lead. */
public enum SyncMode {
    INCREMENTAL,
    FULL
}
