package dev.drover.gpu.cli;

import dev.drover.daemon.Backends;
import dev.drover.daemon.DaemonOptions;
import dev.drover.db.Database;
import dev.drover.gpu.GpuJobs;
import dev.drover.gpu.billing.Ledger;

/** What a one-shot command needs: a checked Redis, a small Postgres pool and a {@link GpuJobs} over them. */
final class JobsConnection implements AutoCloseable {

    final Database database;
    final GpuJobs jobs;

    JobsConnection(DaemonOptions options) {
        var queueOptions = options.queueOptions();
        Backends.requireRedis(queueOptions.redis());
        this.database = options.openDatabase("gpu-agent-cli", System.getenv());
        this.jobs = new GpuJobs(database.dsl(), new Ledger(database.dsl()), queueOptions);
    }

    @Override
    public void close() {
        jobs.close();
        database.close();
    }
}
