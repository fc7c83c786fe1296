package dev.drover.queue.postgres;

import static dev.drover.db.generated.drover.Tables.OUTBOX;

import dev.drover.queue.FlowJob;
import dev.drover.queue.JobOptions;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The transactional outbox: a job (or a flow) to enqueue exactly when the caller's transaction commits. Each call
 * writes one row of {@code drover.outbox} on the caller's connection, inside the caller's transaction: a rollback
 * leaves no trace, a commit makes it due. An {@link OutboxRelay} (one runs in every worker process) then adds it to
 * Redis exactly once, even if a process dies between the commit and the add or during the add.
 *
 * <pre>{@code
 * dsl.transaction(cfg -> {
 *     DSLContext tx = cfg.dsl();
 *     long orderId = tx.insertInto(ORDERS)...returning(ORDERS.ID).fetchOne(ORDERS.ID);
 *     Outbox.enqueue(tx, "emails", "order-confirmation", Map.of("orderId", orderId));
 * });
 * }</pre>
 *
 * The queue job id is the options' custom {@code jobId} when given, else the row id (a UUID), returned by each call.
 */
public final class Outbox {

    private Outbox() {
    }

    /** Enqueues job {@code name} with {@code data} on {@code queue} when {@code tx}'s transaction commits. */
    public static String enqueue(DSLContext tx, String queue, String name, Object data) {
        return enqueue(tx, queue, name, data, JobOptions.DEFAULTS);
    }

    /** {@link #enqueue(DSLContext, String, String, Object)} with options (delays count from the relay's add). */
    public static String enqueue(DSLContext tx, String queue, String name, Object data, JobOptions opts) {
        return enqueueFlow(tx, new FlowJob(queue, name, data, opts, List.of()));
    }

    /** The same on a plain JDBC connection whose transaction the caller runs (auto-commit off). */
    public static String enqueue(Connection tx, String queue, String name, Object data, JobOptions opts) {
        return enqueue(DSL.using(tx, SQLDialect.POSTGRES), queue, name, data, opts);
    }

    /**
     * Enqueues a flow (a parent and the children it waits for, across queues) when {@code tx}'s transaction commits;
     * the relay adds it whole with {@link dev.drover.queue.FlowProducer}. Returns the root's job id.
     */
    public static String enqueueFlow(DSLContext tx, FlowJob flow) {
        UUID id = UUID.randomUUID();
        String jobId = flow.opts().jobId() != null ? flow.opts().jobId() : id.toString();
        tx.insertInto(OUTBOX)
                .set(OUTBOX.ID, id)
                .set(OUTBOX.QUEUE, flow.queueName())
                .set(OUTBOX.JOB_ID, jobId)
                .set(OUTBOX.JOB, JSON.valueOf(OutboxCodec.write(flow)))
                .execute();
        return jobId;
    }

    /** {@link #enqueueFlow(DSLContext, FlowJob)} on a plain JDBC connection (auto-commit off). */
    public static String enqueueFlow(Connection tx, FlowJob flow) {
        return enqueueFlow(DSL.using(tx, SQLDialect.POSTGRES), flow);
    }
}
