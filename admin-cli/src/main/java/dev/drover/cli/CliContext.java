package dev.drover.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * Everything the CLI takes from its surroundings, so tests can run it in-process: the output and error streams,
 * standard input with whether it is a terminal (only then does {@code obliterate} ask), the environment (for
 * {@code REDIS_URL}), whether to colour output, and the clock used to humanise times.
 */
public record CliContext(PrintWriter out, PrintWriter err, BufferedReader in, boolean interactive,
                         Map<String, String> env, Ansi ansi, InstantSource clock) {

    /** The real process: System streams, the process environment, colour and prompts only on a terminal. */
    public static CliContext system() {
        return new CliContext(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                Terminal.isInteractive(), System.getenv(), Ansi.AUTO, InstantSource.system());
    }

    /** Prints {@code question} to {@code to} and reads one line of the answer, trimmed; null at end of input. */
    public String ask(PrintWriter to, String question) {
        to.print(question);
        to.flush();
        try {
            String line = in.readLine();
            return line == null ? null : line.trim();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Applies picocli markup styles ({@code "bold"}, {@code "red"}, {@code "fg(yellow)"}) when colour is on. */
    public String style(String styles, String text) {
        return ansi.enabled() ? ansi.string("@|" + styles + " " + text.replace("|@", "| @") + "|@") : text;
    }
}
