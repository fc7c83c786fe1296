package dev.drover.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The common part of the harness's TCP proxies in front of Redis: listens on 127.0.0.1, opens one upstream
 * connection per client connection (both with TCP_NODELAY) and hands the pair to {@link #relay}, which copies each
 * direction as the proxy sees fit.
 */
abstract class RelayServer implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final String name;
    private volatile boolean open = true;

    RelayServer(String upstreamHost, int upstreamPort, String name) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.name = name;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    }

    /** Starts accepting; the subclass calls it last in its constructor, once its own fields are set. */
    final void start() {
        Thread.ofPlatform().daemon().name(name + "-accept").start(this::acceptLoop);
    }

    /** redis:// URL clients should use. */
    final String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** Starts copying both directions between a new client and its upstream connection; closes both at the end. */
    abstract void relay(Socket client, Socket upstream);

    private void acceptLoop() {
        while (open) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                upstream.setTcpNoDelay(true);
                relay(client, upstream);
            } catch (IOException e) {
                if (open) {
                    System.err.println(getClass().getSimpleName() + ": " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
