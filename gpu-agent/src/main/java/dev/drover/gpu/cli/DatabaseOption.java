package dev.drover.gpu.cli;

import dev.drover.daemon.Env;
import dev.drover.daemon.DaemonOptions;
import dev.drover.db.Database;
import dev.drover.queue.QueueOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --database-url}: all that an operator command working only on Postgres takes. */
final class DatabaseOption {

    @Env("DATABASE_URL")
    @Option(names = "--database-url", paramLabel = "<url>", required = true,
            description = "Postgres: postgres://user:password@host:port/db (or jdbc:postgresql://...).")
    String url;

    /** Opens a small pool, with the daemons' rules: a bad URL exits 2, an unreachable server 3, naming host and port. */
    Database open() {
        return DaemonOptions.of(null, url, QueueOptions.DEFAULT_PREFIX, 0, Duration.ZERO)
                .openDatabase("gpu-agent-cli", System.getenv());
    }
}
