package dev.drover.gpu;

import dev.drover.gpu.process.LogLevel;
import dev.drover.gpu.process.LogLine;
import dev.drover.gpu.process.LogSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps every line in memory, for asserting on a run's output. */
final class LinesSink implements LogSink {

    private final List<LogLine> lines = new CopyOnWriteArrayList<>();

    @Override
    public void accept(LogLine line) {
        lines.add(line);
    }

    List<String> messages(LogLevel level) {
        return lines.stream().filter(l -> l.level() == level).map(LogLine::message).toList();
    }

    List<String> messages() {
        return lines.stream().map(l -> l.level().dbName() + ": " + l.message()).toList();
    }
}
