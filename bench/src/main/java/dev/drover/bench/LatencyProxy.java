package dev.drover.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 in front of Redis that adds a round-trip time: every chunk read from either side is
 * written to the other side {@code rtt / 2} after it arrived, in arrival order (per direction a reader stamps chunks
 * into a FIFO, a writer releases each when due), so pipelining and ordering behave as over a real link with that
 * latency and no bandwidth limit. Stands in for {@code tc netem}, which these machines lack. Each direction of each
 * connection uses two platform threads (virtual ones would add scheduling jitter to the delay); the writer parks
 * until a chunk is due and spins for the last 20 µs, so the delay is accurate to tens of microseconds on an idle
 * core (on a busy one it can only be longer).
 */
final class LatencyProxy extends RelayServer {

    private static final long SPIN_NANOS = 20_000;

    private final long halfRttNanos;

    LatencyProxy(String upstreamHost, int upstreamPort, double rttMs) throws IOException {
        super(upstreamHost, upstreamPort, "bench-rtt");
        this.halfRttNanos = Math.round(rttMs * 1_000_000 / 2);
        start();
    }

    @Override
    void relay(Socket client, Socket upstream) {
        relayDelayed(client, upstream);
        relayDelayed(upstream, client);
    }

    private record Chunk(long dueNanos, byte[] bytes) {
    }

    private static final Chunk END = new Chunk(0, new byte[0]);

    /** Starts the reader and the delayed writer for one direction. */
    private void relayDelayed(Socket from, Socket to) {
        LinkedBlockingQueue<Chunk> fifo = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().name("bench-rtt-read").start(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    fifo.add(new Chunk(System.nanoTime() + halfRttNanos, Arrays.copyOf(buf, n)));
                }
            } catch (IOException closed) {
                // the other side went away; the writer closes both after what is queued
            }
            fifo.add(END);
        });
        Thread.ofPlatform().daemon().name("bench-rtt-write").start(() -> {
            try (from; to; OutputStream out = to.getOutputStream()) {
                for (Chunk c; (c = fifo.take()) != END; ) {
                    waitUntil(c.dueNanos());
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException closed) {
                // either side went away: the try closes both
            }
        });
    }

    private static void waitUntil(long due) {
        for (long left; (left = due - System.nanoTime()) > 0; ) {
            if (left > SPIN_NANOS) {
                LockSupport.parkNanos(left - SPIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
