package dev.drover.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A plain HTTP client for the dashboard, as a script or an attacker would use it: no browser, explicit headers. */
final class Http {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CSRF_COOKIE = Pattern.compile("drover_csrf=([^;]+)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI base;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Http(URI base) {
        this.base = base;
    }

    /** Sends {@code name: value} with every request from now on. */
    Http with(String name, String value) {
        headers.put(name, value);
        return this;
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String... extraHeaders) {
        return send(builder(path, extraHeaders).GET().build());
    }

    HttpResponse<String> post(String path, Map<String, String> form, String... extraHeaders) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(builder(path, extraHeaders).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A page's CSRF cookie and the token its forms carry: {cookie header value, token}. */
    String[] csrf(String path) {
        HttpResponse<String> page = get(path);
        Matcher cookie = CSRF_COOKIE.matcher(String.join(";", page.headers().allValues("Set-Cookie")));
        Matcher field = CSRF_FIELD.matcher(page.body());
        if (!cookie.find() || !field.find()) {
            throw new AssertionError("no CSRF cookie or field on " + path + ": " + page.statusCode() + " " + page.body());
        }
        return new String[] {"drover_csrf=" + cookie.group(1), field.group(1)};
    }

    private HttpRequest.Builder builder(String path, String... extraHeaders) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            b.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return client.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
