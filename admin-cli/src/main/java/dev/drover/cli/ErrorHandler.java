package dev.drover.cli;

import dev.drover.queue.QueueException;
import dev.drover.queue.RedisConfig;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Turns what a command threw into one line on stderr and an exit code: {@link CliException} keeps its code, a Redis
 * that cannot be reached (or refuses the login) is 3 with host and port named, other queue refusals are 1, invalid
 * values are 2. Messages never carry the Redis password.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        DroverCli root = root(cmd);
        String password = passwordOf(root);
        Failure f = classify(ex, root);
        cmd.getErr().println(cmd.getColorScheme().errorText("drover: " + Secrets.redact(f.message(), password)));
        cmd.getErr().flush();
        return f.code();
    }

    private record Failure(int code, String message) {
    }

    private static Failure classify(Exception ex, DroverCli root) {
        if (ex instanceof CliException c) {
            return new Failure(c.exitCode(), c.getMessage());
        }
        if (ex instanceof QueueException q) {
            return q.kind() == QueueException.Kind.REDIS ? redisFailure(q, root)
                    : new Failure(ExitCode.NOT_FOUND_OR_REFUSED, q.getMessage());
        }
        if (ex instanceof IllegalArgumentException) {
            return new Failure(ExitCode.USAGE, ex.getMessage());
        }
        return new Failure(ExitCode.NOT_FOUND_OR_REFUSED, "unexpected error: " + ex);
    }

    private static Failure redisFailure(QueueException q, DroverCli root) {
        Throwable t = q;
        while (t != null) {
            if (t instanceof JedisConnectionException || t instanceof JedisAccessControlException) {
                RedisConfig r = root.redis();
                return new Failure(ExitCode.NO_REDIS, "cannot connect to Redis at " + r.addresses() + ": "
                        + rootMessage(t));
            }
            t = t.getCause();
        }
        return new Failure(ExitCode.NOT_FOUND_OR_REFUSED, q.getMessage());
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() != null ? r.getMessage() : r.toString();
    }

    private static DroverCli root(CommandLine cmd) {
        CommandLine c = cmd;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return (DroverCli) c.getCommand();
    }

    private static String passwordOf(DroverCli root) {
        try {
            return root.redis().password();
        } catch (CliException e) {
            return null;
        }
    }
}
