package dev.drover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * Runs {@code drover} in-process against one Redis URL and prefix, capturing stdout, stderr and the exit code.
 * {@link #interactive(String)} pretends stdin is a terminal that answers with the given text.
 */
public final class Cli {

    /** One run's result. */
    public record Result(int code, String out, String err) {

        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final String url;
    private final String prefix;
    private final String stdin;
    private final boolean interactive;

    public Cli(String url, String prefix) {
        this(url, prefix, "", false);
    }

    private Cli(String url, String prefix, String stdin, boolean interactive) {
        this.url = url;
        this.prefix = prefix;
        this.stdin = stdin;
        this.interactive = interactive;
    }

    /** The same CLI with a terminal on stdin that types {@code answer}. */
    public Cli interactive(String answer) {
        return new Cli(url, prefix, answer, true);
    }

    /** Runs {@code drover --redis URL --prefix P args...}. */
    public Result run(String... args) {
        List<String> all = new ArrayList<>();
        if (url != null) {
            all.addAll(List.of("--redis", url));
        }
        if (prefix != null) {
            all.addAll(List.of("--prefix", prefix));
        }
        all.addAll(List.of(args));
        return raw(Map.of(), all.toArray(String[]::new));
    }

    /** Runs exactly {@code args} with environment {@code env}. */
    public Result raw(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DroverCli.execute(context(env, out, err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Starts {@code drover --redis URL --prefix P args...} on a thread; its output can be read while it runs. */
    public Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--redis", url, "--prefix", prefix));
        all.addAll(List.of(args));
        java.util.concurrent.CompletableFuture<Integer> code = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> DroverCli.execute(context(Map.of(), out, err), all.toArray(String[]::new)));
        return new Running(code, out, err);
    }

    /** A CLI run in progress. */
    public record Running(java.util.concurrent.CompletableFuture<Integer> code, StringWriter out, StringWriter err) {

        /** Standard output so far. */
        public String outSoFar() {
            return out.toString();
        }

        /** Waits for the run to end. */
        public Result await(java.time.Duration timeout) throws Exception {
            int c = code.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return new Result(c, out.toString(), err.toString());
        }
    }

    private CliContext context(Map<String, String> env, StringWriter out, StringWriter err) {
        return new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader(stdin)), interactive, env, Ansi.OFF, InstantSource.system());
    }
}
