package dev.drover.gpu.cli;

import static dev.drover.db.generated.gpu.Tables.USERS;

import dev.drover.daemon.Backends;
import dev.drover.daemon.DaemonOptions;
import dev.drover.db.Database;
import dev.drover.gpu.GpuJobs;
import dev.drover.gpu.ImageJobs;
import dev.drover.gpu.billing.Ledger;
import java.util.UUID;

/**
 * What a one-shot command needs: a checked Redis, a small Postgres pool and {@link GpuJobs} / {@link ImageJobs} over
 * them.
 */
final class JobsConnection implements AutoCloseable {

    final Database database;
    final GpuJobs jobs;
    final ImageJobs images;

    JobsConnection(ClientOptions client) {
        DaemonOptions options = client.connection();
        var queueOptions = options.queueOptions();
        Backends.requireRedis(queueOptions.redis());
        this.database = options.openDatabase("gpu-agent-cli", System.getenv());
        this.jobs = new GpuJobs(database.dsl(), new Ledger(database.dsl()), queueOptions);
        this.images = new ImageJobs(database.dsl(), jobs, queueOptions);
    }

    /** A user given as id or e-mail; {@link IllegalArgumentException} when no user has that e-mail. */
    UUID userId(String user) {
        try {
            return UUID.fromString(user);
        } catch (IllegalArgumentException notAnId) {
            UUID id = database.dsl().select(USERS.ID).from(USERS).where(USERS.EMAIL.eq(user)).fetchOne(USERS.ID);
            if (id == null) {
                throw new IllegalArgumentException("no user with e-mail " + user);
            }
            return id;
        }
    }

    @Override
    public void close() {
        images.close();
        jobs.close();
        database.close();
    }
}
