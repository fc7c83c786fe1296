package dev.drover.cli.commands;

import dev.drover.cli.output.Output;

/** The report of a queue-wide operation: a count in JSON ({@code {"<key>": n}}), a sentence for people. */
final class BulkResult {

    private BulkResult() {
    }

    static void print(Output out, String key, long count, String sentence) {
        if (out.json()) {
            out.printJson(out.object().put(key, count));
        } else {
            out.println(sentence);
        }
    }
}
