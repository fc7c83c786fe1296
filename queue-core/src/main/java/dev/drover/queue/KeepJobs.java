package dev.drover.queue;

/**
 * What to keep of finished jobs (BullMQ's removeOnComplete / removeOnFail). {@code count} keeps the newest n
 * (-1: no count rule), {@code ageSeconds} drops jobs finished longer ago (0: no age rule). {@link #KEEP_ALL} is the
 * default ({@code false} in BullMQ), {@link #REMOVE_ALL} deletes the job when it finishes ({@code true}).
 */
public record KeepJobs(int count, long ageSeconds) {

    public static final KeepJobs KEEP_ALL = new KeepJobs(-1, 0);
    public static final KeepJobs REMOVE_ALL = new KeepJobs(0, 0);

    public KeepJobs {
        if (count < -1) {
            throw new IllegalArgumentException("keep count must be >= 0 (or -1 for no limit), got " + count);
        }
        if (ageSeconds < 0) {
            throw new IllegalArgumentException("keep age must be >= 0 seconds, got " + ageSeconds);
        }
    }

    public static KeepJobs count(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("keep count must be >= 0, got " + count);
        }
        return new KeepJobs(count, 0);
    }

    public static KeepJobs age(long ageSeconds) {
        return new KeepJobs(-1, ageSeconds);
    }

    public static KeepJobs ageAndCount(long ageSeconds, int count) {
        return new KeepJobs(count, ageSeconds);
    }

    public boolean keepsAll() {
        return count < 0 && ageSeconds == 0;
    }
}
