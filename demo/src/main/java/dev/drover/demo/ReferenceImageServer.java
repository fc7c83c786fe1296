package dev.drover.demo;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.imageio.ImageIO;

/**
 * A local web server with one image, {@code /reference.png}: the reference image the demo's image batch names, as a
 * user would name one on the web. The agent fetches it only because the demo opts in to loopback and plain http
 * ({@code ALLOW_FETCH_FROM=127.0.0.1}, {@code ALLOW_INSECURE_FETCH=true}); see docs/security.md.
 */
final class ReferenceImageServer implements AutoCloseable {

    private final HttpServer server;

    private ReferenceImageServer(HttpServer server) {
        this.server = server;
    }

    static ReferenceImageServer start() {
        try {
            byte[] png = png();
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/reference.png", ex -> {
                ex.getResponseHeaders().set("Content-Type", "image/png");
                ex.sendResponseHeaders(200, png.length);
                try (ex) {
                    ex.getResponseBody().write(png);
                }
            });
            s.start();
            return new ReferenceImageServer(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the reference image server", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/reference.png";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static byte[] png() throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 16; i++) {
            img.setRGB(i, i, 0xf0c040);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
