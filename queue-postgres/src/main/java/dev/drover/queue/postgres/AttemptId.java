package dev.drover.queue.postgres;

import dev.drover.queue.Job;

/**
 * Which attempt of which job: the key of {@code drover.processed_jobs} (queue, job id) and the fence (the job's
 * creation time, its attemptsStarted when this attempt began, the attempt's lock token).
 */
record AttemptId(String queue, String jobId, long jobTimestamp, int attempt, String lockToken) {

    /** The attempt a worker runs {@code job} under; the job must come from a worker (it has a lock token). */
    static AttemptId of(Job job) {
        String token = job.lockToken().orElseThrow(() -> new IllegalArgumentException("job " + job.queueName() + "/"
                + job.id() + " has no lock token: JobEffects runs the work of a job a Worker is processing, not of "
                + "one read with Queue.getJob"));
        return new AttemptId(job.queueName(), job.id(), job.timestamp().toEpochMilli(), job.attemptsStarted(), token);
    }

    /**
     * A keyed attempt ({@link JobEffects#begin(String, String)}): no job, no lock; the creation time -1 and attempt 0
     * make every keyed attempt take over any unfinished one, and a fresh token makes it the only one that may commit.
     */
    static AttemptId keyed(String queue, String key) {
        if (queue == null || queue.isBlank() || key == null || key.isBlank()) {
            throw new IllegalArgumentException("a keyed attempt needs a queue and a key, got " + queue + "/" + key);
        }
        return new AttemptId(queue, key, -1, 0, "keyed:" + java.util.UUID.randomUUID());
    }

    @Override
    public String toString() {
        return queue + "/" + jobId + " attempt " + attempt;
    }
}
