package dev.drover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a free TCP port on 127.0.0.1, never a well-known default such as 6379 or 5432. */
public final class FreePort {
    private FreePort() {
    }

    /**
     * A port that was free a moment ago, with port + 10000 free too: a Redis Cluster node listens on both (the
     * second is its cluster bus).
     */
    public static int pickWithBus() {
        for (int tries = 0; tries < 100; tries++) {
            int port = pick();
            if (port + 10_000 <= 65_535 && isFree(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port p on 127.0.0.1 with p + 10000 free as well");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free a moment ago on the loopback address. */
    public static int pick() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
