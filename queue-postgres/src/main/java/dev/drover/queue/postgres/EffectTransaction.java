package dev.drover.queue.postgres;

import dev.drover.queue.FlowJob;
import dev.drover.queue.Job;
import dev.drover.queue.JobOptions;
import java.sql.Connection;
import org.jooq.DSLContext;

/**
 * The transaction a job's {@link JobWork} runs in: write through {@link #dsl()} (or {@link #connection()}), and
 * enqueue follow-up jobs and flows through the outbox, so they are added exactly once if and only if the work
 * commits. Valid only while the work runs.
 */
public final class EffectTransaction {

    private final DSLContext dsl;
    private final Job job;
    private int enqueued;

    EffectTransaction(DSLContext dsl, Job job) {
        this.dsl = dsl;
        this.job = job;
    }

    /** jOOQ on the transaction's connection. */
    public DSLContext dsl() {
        return dsl;
    }

    /** The transaction's JDBC connection, for plain JDBC; do not close it or change its transaction. */
    public Connection connection() {
        return dsl.configuration().connectionProvider().acquire();
    }

    /** The job whose work this is; null for a keyed attempt ({@link JobEffects#begin(String, String)}). */
    public Job job() {
        return job;
    }

    /** {@link Outbox#enqueue(DSLContext, String, String, Object)} in this transaction; returns the job id. */
    public String enqueue(String queue, String name, Object data) {
        return enqueue(queue, name, data, JobOptions.DEFAULTS);
    }

    /** {@link Outbox#enqueue(DSLContext, String, String, Object, JobOptions)} in this transaction. */
    public String enqueue(String queue, String name, Object data, JobOptions opts) {
        enqueued++;
        return Outbox.enqueue(dsl, queue, name, data, opts);
    }

    /** {@link Outbox#enqueueFlow(DSLContext, FlowJob)} in this transaction; returns the root's job id. */
    public String enqueueFlow(FlowJob flow) {
        enqueued++;
        return Outbox.enqueueFlow(dsl, flow);
    }

    /** How many outbox rows this work wrote. */
    int enqueued() {
        return enqueued;
    }
}
