package dev.drover.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of Redis that counts the commands clients send (RESP arrays or inline lines), i.e. the
 * client-side calls per job, which INFO cannot tell apart from the commands scripts run. Used only for the
 * audit run (it adds a hop, so timed runs go straight to Redis). Connections are served on virtual threads.
 */
final class CallCountingProxy extends RelayServer {

    private final AtomicLong commands = new AtomicLong();

    CallCountingProxy(String upstreamHost, int upstreamPort) throws IOException {
        super(upstreamHost, upstreamPort, "bench-proxy");
        start();
    }

    /** Commands seen so far, over all connections. */
    long commands() {
        return commands.get();
    }

    @Override
    void relay(Socket client, Socket upstream) {
        Thread.ofVirtual().start(() -> pump(client, upstream, new RespCommandCounter(commands)));
        Thread.ofVirtual().start(() -> pump(upstream, client, null));
    }

    /** Copies {@code from} to {@code to} chunk by chunk, feeding the counter; closes both at the end. */
    private static void pump(Socket from, Socket to, RespCommandCounter counter) {
        byte[] buf = new byte[64 * 1024];
        try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
                if (counter != null) {
                    counter.feed(buf, n);
                }
            }
        } catch (IOException closed) {
            // either side went away: the try closes both
        }
    }
}
