package dev.drover.gpu.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;

/**
 * Downloads an image from a URL a user supplied (a reference or training image) under {@link FetchRules}:
 * <ul>
 *   <li>{@code https} only ({@code http} too with {@link FetchRules#allowInsecureHttp()}); every other scheme
 *       ({@code file:}, {@code ftp:}, {@code jar:}, ...) and credentials in the URL are refused;</li>
 *   <li>the host is resolved once and every address it has must be public (or in {@link FetchRules#allowFrom()});
 *       the connection then goes to the address that was checked, so a DNS answer that changes between the check and
 *       the connect (rebinding) gains nothing;</li>
 *   <li>redirects are followed here, not by the HTTP client, at most {@link FetchRules#maxRedirects()}, each target
 *       checked like the first URL;</li>
 *   <li>the answer must be a 200 with an {@code image/*} Content-Type, at most {@link FetchRules#maxBytes()} (read as
 *       a stream and cut off past the limit), and its bytes a PNG, JPEG or WebP image; the MIME type returned is the
 *       one the bytes show.</li>
 * </ul>
 * No proxy, cookies, compression or retries. A refusal throws {@link FetchRefusedException} (permanent); any other
 * failure an {@link IOException}. Messages name the URL without its query, which may carry a signature.
 * Thread-safe; each request's connection is dropped after it, so nothing is pooled between users' fetches.
 */
public final class ImageFetcher {

    /** Looks up a host's addresses; tests play DNS with it. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final FetchRules rules;
    private final Resolver resolver;
    private final CloseableHttpClient http;

    /** With the JVM's trust store and the system resolver. */
    public ImageFetcher(FetchRules rules) {
        this(rules, SSLContexts.createSystemDefault(), InetAddress::getAllByName);
    }

    public ImageFetcher(FetchRules rules, SSLContext tls, Resolver resolver) {
        this.rules = rules;
        this.resolver = resolver;
        ConnectionConfig connection = ConnectionConfig.custom().setConnectTimeout(Timeout.of(rules.connectTimeout()))
                .setSocketTimeout(Timeout.of(rules.readTimeout())).build();
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).buildClassic())
                        .setDnsResolver(UNPINNED)
                        .setDefaultConnectionConfig(connection).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(rules.readTimeout())).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .disableContentCompression().disableAuthCaching().setUserAgent("drover-gpu-agent").build();
    }

    public InlineImage fetch(String url) throws IOException {
        URI uri = parse(url);
        long deadline = System.nanoTime() + rules.totalTimeout().toNanos();
        for (int hop = 0; hop <= rules.maxRedirects(); hop++) {
            HttpGet get = new HttpGet(uri);
            ClassicHttpResponse res = null;
            try {
                res = http.executeOpen(target(uri), get, null);
                if (!REDIRECTS.contains(res.getCode())) {
                    return read(uri, res, deadline);
                }
                uri = redirect(uri, res.getFirstHeader("Location"));
            } catch (SocketTimeoutException e) {
                throw new IOException("cannot download " + shown(uri) + ": no answer within " + rules.readTimeout(), e);
            } finally {
                // drop the connection rather than drain what the server still wants to send
                get.cancel();
                closeQuietly(res);
            }
        }
        throw new FetchRefusedException(shown(uri) + ": more than " + rules.maxRedirects() + " redirects");
    }

    /** Checks the scheme and every address of the host, and pins the connection to the address checked. */
    private HttpHost target(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !rules.allowInsecureHttp()) {
            throw new FetchRefusedException(shown(uri) + ": plain http is not allowed, only https"
                    + " (ALLOW_INSECURE_FETCH is for local development)");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new FetchRefusedException(shown(uri) + ": scheme '" + scheme + "' is not allowed, only https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new FetchRefusedException(shown(uri) + ": credentials in the URL are not allowed");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchRefusedException(shown(uri) + ": no host");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new IOException("cannot download " + shown(uri) + ": unknown host " + bare, e);
        }
        for (InetAddress a : addresses) {
            String why = rules.refusal(a);
            if (why != null) {
                throw new FetchRefusedException(shown(uri) + ": host " + bare + " resolves to " + a.getHostAddress()
                        + ", which is " + why + " (only public addresses may be fetched, or those in ALLOW_FETCH_FROM)");
            }
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new HttpHost(scheme, addresses[0], bare, port);
    }

    private URI redirect(URI from, Header location) throws IOException {
        if (location == null) {
            throw new IOException("cannot download " + shown(from) + ": a redirect without a Location");
        }
        try {
            return from.resolve(new URI(location.getValue()));
        } catch (URISyntaxException e) {
            throw new FetchRefusedException(shown(from) + ": redirected to a malformed URL");
        }
    }

    private InlineImage read(URI uri, ClassicHttpResponse res, long deadline) throws IOException {
        if (res.getCode() != 200) {
            throw new IOException("cannot download " + shown(uri) + ": HTTP " + res.getCode());
        }
        Header type = res.getFirstHeader("Content-Type");
        if (type == null || !type.getValue().strip().toLowerCase(Locale.ROOT).startsWith("image/")) {
            throw new FetchRefusedException(shown(uri) + ": Content-Type " + (type == null ? "missing" : type.getValue())
                    + " is not an image");
        }
        HttpEntity entity = res.getEntity();
        if (entity == null) {
            throw new FetchRefusedException(shown(uri) + ": empty answer");
        }
        if (entity.getContentLength() > rules.maxBytes()) {
            throw tooLarge(uri);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        InputStream in = entity.getContent();
        for (int n; (n = in.read(buf)) != -1; ) {
            if (out.size() + n > rules.maxBytes()) {
                throw tooLarge(uri);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("cannot download " + shown(uri) + ": took longer than " + rules.totalTimeout());
            }
            out.write(buf, 0, n);
        }
        byte[] data = out.toByteArray();
        String mime = ImageTypes.sniff(data);
        if (mime == null) {
            throw new FetchRefusedException(shown(uri) + ": the content is not a PNG, JPEG or WebP image");
        }
        return new InlineImage(mime, data);
    }

    private FetchRefusedException tooLarge(URI uri) {
        return new FetchRefusedException(shown(uri) + ": larger than the limit of " + rules.maxBytes() + " bytes");
    }

    private static URI parse(String url) throws FetchRefusedException {
        try {
            return new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new FetchRefusedException("not a valid URL");
        }
    }

    /** The URL without query and fragment, shortened: enough to recognize it, never a signature or token. */
    static String shown(URI uri) {
        String s = uri.toString().replaceAll("[?#].*", "").replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static void closeQuietly(ClassicHttpResponse res) {
        if (res == null) {
            return;
        }
        try {
            res.close();
        } catch (IOException | RuntimeException e) {
            // the connection was cancelled on purpose; whatever it says now is noise
        }
    }

    /** Every connection is pinned to a checked address in {@link #target}; one that is not is a bug, not a fetch. */
    private static final DnsResolver UNPINNED = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("refusing to resolve " + host + " outside ImageFetcher's checks");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException("refusing to resolve " + host + " outside ImageFetcher's checks");
        }
    };
}
