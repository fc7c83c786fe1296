package dev.drover.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Waits until every daemon answers {@code /health/ready} with 200, or has exited, or the deadline passes. */
final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private Readiness() {
    }

    /** The daemons not ready by {@code timeout} (exited ones included). */
    static List<DaemonProcess> await(List<DaemonProcess> daemons, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<DaemonProcess> pending = new ArrayList<>(daemons);
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            pending.removeIf(Readiness::ready);
            if (pending.stream().allMatch(d -> !d.isAlive())) {
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        return pending;
    }

    static boolean ready(DaemonProcess d) {
        if (!d.isAlive()) {
            return false;
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.httpPort() + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
