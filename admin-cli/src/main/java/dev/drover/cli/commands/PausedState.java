package dev.drover.cli.commands;

import dev.drover.cli.output.Output;

/** The report of pause and resume: {@code {"queue":..,"paused":..}} or a sentence. */
final class PausedState {

    private PausedState() {
    }

    static void print(Output out, String queue, boolean paused) {
        if (out.json()) {
            out.printJson(out.object().put("queue", queue).put("paused", paused));
        } else {
            out.println("queue '" + queue + "' " + (paused ? "paused" : "resumed"));
        }
    }
}
