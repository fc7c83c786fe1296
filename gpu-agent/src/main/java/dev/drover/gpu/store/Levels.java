package dev.drover.gpu.store;

import dev.drover.gpu.process.LogLevel;

/** Maps the runner's log levels to the {@code gpu.log_level} enum. */
final class Levels {

    private Levels() {
    }

    static dev.drover.db.generated.gpu.enums.LogLevel toDb(LogLevel level) {
        return dev.drover.db.generated.gpu.enums.LogLevel.valueOf(level.dbName());
    }
}
