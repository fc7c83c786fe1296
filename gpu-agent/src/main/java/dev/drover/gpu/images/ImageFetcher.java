package dev.drover.gpu.images;

import java.io.IOException;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Downloads an image (training or reference) from a {@code file:} or {@code http(s):} URL, guessing its MIME type
 * from the response header or the file name. Throws {@link IOException} naming the URL on any failure.
 */
public final class ImageFetcher {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public InlineImage fetch(String url) throws IOException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            Path p = Path.of(uri);
            return new InlineImage(mime(p.getFileName().toString(), null), Files.readAllBytes(p));
        }
        try {
            HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() != 200) {
                throw new IOException("cannot download " + url + ": HTTP " + res.statusCode());
            }
            return new InlineImage(mime(uri.getPath(), res.headers().firstValue("Content-Type").orElse(null)), res.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted downloading " + url, e);
        }
    }

    private static String mime(String name, String header) {
        if (header != null && header.startsWith("image/")) {
            return header.split(";", 2)[0];
        }
        String guessed = URLConnection.guessContentTypeFromName(name);
        return guessed != null ? guessed : "image/png";
    }
}
