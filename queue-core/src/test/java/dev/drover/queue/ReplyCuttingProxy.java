package dev.drover.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy in front of a real Redis server that can lose one reply: once {@link #cutReplyTo armed} with a
 * script's SHA1, the next EVALSHA of that script goes through to Redis and runs there, but its reply never reaches
 * the client, whose connection is closed instead (a NOSCRIPT reply, meaning nothing ran, passes and keeps it
 * armed). That is exactly a reply lost to a network failure, without mocking anything. An optional action runs
 * right after the cut, while the reply is withheld (e.g. to kill and restart the server).
 */
public final class ReplyCuttingProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicReference<byte[]> armed = new AtomicReference<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile Runnable afterCut = () -> { };

    public ReplyCuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::acceptLoop);
    }

    public String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    /** Loses the reply to the next run of the script with this SHA1, then runs {@code then}. */
    public void cutReplyTo(String scriptSha1, Runnable then) {
        afterCut = then;
        armed.set(scriptSha1.getBytes(StandardCharsets.US_ASCII));
    }

    /** How many replies were cut so far. */
    public int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket redis = new Socket();
                redis.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                sockets.add(client);
                sockets.add(redis);
                Connection c = new Connection(client, redis);
                Thread.ofPlatform().daemon().name("proxy-up").start(c::up);
                Thread.ofPlatform().daemon().name("proxy-down").start(c::down);
            } catch (IOException e) {
                closeQuietly(client); // the target is down: the client sees its connection fail, as without us
            }
        }
    }

    /** One client connection and its upstream; a request marked to lose its reply makes down() cut. */
    private final class Connection {
        private final Socket client;
        private final Socket redis;
        private volatile boolean cutNextReply;

        Connection(Socket client, Socket redis) {
            this.client = client;
            this.redis = redis;
        }

        void up() {
            pump(client, redis, true);
        }

        void down() {
            pump(redis, client, false);
        }

        private void pump(Socket from, Socket to, boolean requests) {
            byte[] buf = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (requests) {
                        byte[] sha = armed.get();
                        if (sha != null && contains(buf, n, sha)) {
                            cutNextReply = true;
                        }
                    } else if (cutNextReply) {
                        cutNextReply = false;
                        if (!startsWith(buf, n, "-NOSCRIPT") && armed.getAndSet(null) != null) {
                            cuts.incrementAndGet();
                            closeQuietly(client);
                            closeQuietly(redis);
                            afterCut.run();
                            return;
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other so the client notices
            } finally {
                closeQuietly(client);
                closeQuietly(redis);
            }
        }
    }

    private static boolean contains(byte[] buf, int n, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static boolean startsWith(byte[] buf, int n, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        return n >= p.length && contains(java.util.Arrays.copyOf(buf, p.length), p.length, p);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(ReplyCuttingProxy::closeQuietly);
    }
}
