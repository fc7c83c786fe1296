package dev.drover.daemon;

/**
 * Marks the picocli command that runs a daemon ({@code run}): it logs at INFO. Every other command is an operator
 * command that prints only its answer: {@link DaemonCli} sets its logging to WARN unless it is given
 * {@code --verbose}, an option {@link DaemonCli} adds to each of them.
 */
public interface DaemonCommand {
}
