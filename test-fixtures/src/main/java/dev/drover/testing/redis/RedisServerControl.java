package dev.drover.testing.redis;

/** Fault-injection handle on a Redis server a test owns: stop, SIGKILL and start again on the same port and data. */
public interface RedisServerControl {

    /** Starts the server again on the same port and data directory; returns once it answers PING. */
    void start();

    /** Stops the server with SIGTERM (Redis writes its AOF and exits cleanly). */
    void stop();

    /** Kills the server with SIGKILL. */
    void kill();

    /** Whether the server process is alive. */
    boolean isRunning();

    String host();

    int port();
}
