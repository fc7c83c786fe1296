package dev.drover.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.drover.gpu.images.FetchRefusedException;
import dev.drover.gpu.images.FetchRules;
import dev.drover.gpu.images.ImageFetcher;
import dev.drover.gpu.images.InlineImage;
import dev.drover.gpu.images.NonPublicAddresses;
import dev.drover.testing.redis.TlsCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of {@link ImageFetcher} against real local HTTP and HTTPS servers (a test CA for https). */
class ImageFetcherTest {

    private static TlsCertificates certs;
    private final ImageServer https = ImageServer.https(certs);
    private final ImageServer http = ImageServer.http();

    @BeforeAll
    static void makeCertificates() {
        certs = TlsCertificates.generate();
    }

    @AfterEach
    void close() {
        https.close();
        http.close();
    }

    /** The strict rules, but trusting the test CA. */
    private static ImageFetcher strict() {
        return new ImageFetcher(FetchRules.STRICT, certs.clientContext(), InetAddress::getAllByName);
    }

    /** Loopback allowed, as the demo and tests opt in to; plain http only when asked. */
    private static ImageFetcher loopback(boolean insecure) {
        return new ImageFetcher(FetchRules.of(insecure, List.of("127.0.0.1")), certs.clientContext(),
                InetAddress::getAllByName);
    }

    private static FetchRefusedException refused(ImageFetcher f, String url) {
        try {
            InlineImage img = f.fetch(url);
            throw new AssertionError("fetched " + img.data().length + " bytes from " + url);
        } catch (FetchRefusedException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError("expected a refusal for " + url + ", got " + e, e);
        }
    }

    @Test
    void anHttpsImageFromAnAllowedAddressIsFetchedAndTypedByItsBytes() throws Exception {
        https.image("/photo", "image/png", ImageServer.JPEG);

        InlineImage img = loopback(false).fetch(https.url("/photo") + "?sig=abc");

        assertThat(img.mimeType()).isEqualTo("image/jpeg");
        assertThat(img.data()).isEqualTo(ImageServer.JPEG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///proc/self/environ", "file:/etc/passwd", "ftp://127.0.0.1/a.png",
            "jar:file:/tmp/x.jar!/a.png", "data:image/png;base64,iVBORw0KGgo=", "gopher://127.0.0.1:70/",
            "/relative/a.png"})
    void everySchemeButHttpsIsRefused(String url) {
        assertThat(refused(loopback(true), url)).hasMessageContaining("is not allowed, only https");
    }

    @Test
    void plainHttpNeedsTheExplicitOptIn() throws Exception {
        http.image("/a.png", "image/png", ImageServer.PNG);

        assertThat(refused(loopback(false), http.url("/a.png"))).hasMessageContaining("plain http is not allowed");
        assertThat(http.hits("/a.png")).isZero();
        assertThat(loopback(true).fetch(http.url("/a.png")).mimeType()).isEqualTo("image/png");
    }

    @Test
    void loopbackIsRefusedByAddressWhetherWrittenAsAnIpOrAName() {
        https.image("/a.png", "image/png", ImageServer.PNG);

        assertThat(refused(strict(), https.url("/a.png"))).hasMessageContaining("resolves to 127.0.0.1, which is loopback");
        assertThat(refused(strict(), https.localhostUrl("/a.png"))).hasMessageContaining("host localhost resolves to")
                .hasMessageContaining("loopback");
        assertThat(https.hits("/a.png")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3|private (RFC 1918)", "172.16.0.1|private", "192.168.1.1|private",
            "100.64.0.1|CGNAT", "169.254.169.254|link-local", "0.0.0.0|0.0.0.0/8", "224.0.0.1|multicast",
            "255.255.255.255|reserved", "[::1]|loopback", "[::]|unspecified", "[fd00:ec2::254]|unique local",
            "[fe80::1]|link-local", "[ff02::1]|multicast", "[::ffff:10.0.0.1]|private",
            "[64:ff9b::a9fe:a9fe]|link-local", "[2002:7f00:1::]|loopback", "192.0.0.192|IETF", "2130706433|loopback",
            "127.1|no host"})
    void nonPublicAddressesAreRefusedBeforeAnyConnection(String row) {
        String[] r = row.split("\\|");
        assertThat(refused(strict(), "https://" + r[0] + ":1/latest/meta-data")).hasMessageContaining(r[1]);
    }

    @Test
    void publicAddressesPassTheAddressRule() throws Exception {
        for (String a : List.of("8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e")) {
            assertThat(NonPublicAddresses.refusal(InetAddress.getByName(a))).as(a).isNull();
        }
    }

    @Test
    void allowFetchFromTakesAddressesAndRangesButNeverNames() throws Exception {
        http.image("/a.png", "image/png", ImageServer.PNG);
        ImageFetcher f = new ImageFetcher(FetchRules.of(true, List.of("10.0.0.0/8", " 127.0.0.0/8")),
                certs.clientContext(), host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});

        assertThat(f.fetch("http://images.internal:" + http.port() + "/a.png").data()).isEqualTo(ImageServer.PNG);
        assertThatThrownBy(() -> FetchRules.of(false, List.of("localhost"))).hasMessageContaining("host names are not accepted");
        assertThatThrownBy(() -> FetchRules.of(false, List.of("10.0.0.0/33"))).hasMessageContaining("prefix length");
    }

    @Test
    void aNameWithAnyNonPublicAddressIsRefused() {
        ImageFetcher f = new ImageFetcher(FetchRules.STRICT, certs.clientContext(), host -> new InetAddress[] {
                InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7")});

        assertThat(refused(f, "https://images.example/a.png")).hasMessageContaining("10.0.0.7, which is private");
    }

    @Test
    void theConnectionGoesToTheAddressThatWasCheckedSoRebindingGainsNothing() throws Exception {
        https.image("/a.png", "image/png", ImageServer.PNG);
        AtomicInteger lookups = new AtomicInteger();
        // a rebinding DNS: the first answer passes the check, every later one points somewhere else
        ImageFetcher f = new ImageFetcher(FetchRules.of(false, List.of("127.0.0.1")), certs.clientContext(), host ->
                new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.1")});

        assertThat(f.fetch(https.localhostUrl("/a.png")).data()).isEqualTo(ImageServer.PNG);
        assertThat(lookups).hasValue(1);

        // and the other way round: a refused first answer is never followed by a connect to a later, allowed one
        lookups.set(0);
        ImageFetcher g = new ImageFetcher(FetchRules.of(false, List.of("127.0.0.1")), certs.clientContext(), host ->
                new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "10.0.0.1" : "127.0.0.1")});
        assertThat(refused(g, https.localhostUrl("/a.png"))).hasMessageContaining("10.0.0.1");
        assertThat(https.hits("/a.png")).isEqualTo(1);
    }

    @Test
    void everyRedirectIsCheckedLikeTheFirstUrlAndTheirNumberIsBounded() throws Exception {
        https.image("/a.png", "image/png", ImageServer.PNG)
                .redirect("/to-private", "https://10.0.0.1/a.png")
                .redirect("/to-metadata", "https://169.254.169.254/latest/meta-data/iam")
                .redirect("/to-file", "file:///etc/passwd")
                .redirect("/to-http", http.url("/a.png"))
                .redirect("/to-relative", "/a.png")
                .redirect("/loop", "/loop");
        http.image("/a.png", "image/png", ImageServer.PNG);
        ImageFetcher f = loopback(false);

        assertThat(refused(f, https.url("/to-private"))).hasMessageContaining("private (RFC 1918)");
        assertThat(refused(f, https.url("/to-metadata"))).hasMessageContaining("link-local");
        assertThat(refused(f, https.url("/to-file"))).hasMessageContaining("scheme 'file'");
        assertThat(refused(f, https.url("/to-http"))).hasMessageContaining("plain http");
        assertThat(http.hits("/a.png")).isZero();
        assertThat(f.fetch(https.url("/to-relative")).data()).isEqualTo(ImageServer.PNG);
        assertThat(refused(f, https.url("/loop"))).hasMessageContaining("more than 5 redirects");
        assertThat(https.hits("/loop")).isEqualTo(6);
    }

    @Test
    void aBodyPastTheSizeCapIsCutOffWhileStreaming() {
        long total = 64L * 1024 * 1024;
        https.endless("/endless", total).declaring("/declared", 5_000_000);
        ImageFetcher f = new ImageFetcher(FetchRules.of(false, List.of("127.0.0.1")).withMaxBytes(1024 * 1024),
                certs.clientContext(), InetAddress::getAllByName);

        assertThat(refused(f, https.url("/declared"))).hasMessageContaining("larger than the limit of 1048576 bytes");
        assertThat(refused(f, https.url("/endless"))).hasMessageContaining("larger than the limit");
        // the server's writes fail once the fetcher has hung up: it never sent, let alone was read, the 64 MiB
        await().atMost(Duration.ofSeconds(30)).until(() -> https.finished("/endless") == 1);
        assertThat(https.sent("/endless")).isLessThan(total / 2);
    }

    @Test
    void onlyImagesAreAcceptedByHeaderAndByContent() {
        https.image("/page", "text/html", ImageServer.text("<html>hello</html>"))
                .image("/fake.png", "image/png", ImageServer.text("<html>not an image</html>"));

        assertThat(refused(loopback(false), https.url("/page"))).hasMessageContaining("Content-Type text/html is not an image");
        assertThat(refused(loopback(false), https.url("/fake.png"))).hasMessageContaining("not a PNG, JPEG or WebP image");
    }

    @Test
    void aSilentOrDrippingServerTimesOut() {
        http.silent("/silent").dripping("/drip", 100);
        // generous limits: the first answer of a cold server on a busy machine may take a while
        ImageFetcher f = new ImageFetcher(FetchRules.of(true, List.of("127.0.0.1")).withTimeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(3)), certs.clientContext(), InetAddress::getAllByName);

        assertThatThrownBy(() -> f.fetch(http.url("/drip"))).isInstanceOf(IOException.class)
                .hasMessageContaining("took longer than PT3S");
        assertThatThrownBy(() -> f.fetch(http.url("/silent"))).isInstanceOf(IOException.class)
                .isNotInstanceOf(FetchRefusedException.class).hasMessageContaining("no answer within PT2S");
    }

    @Test
    void credentialsInTheUrlAreRefusedAndMessagesNeverShowQueryOrPassword() {
        assertThat(refused(strict(), "https://alice:pa55word@images.example/a.png"))
                .hasMessageContaining("credentials in the URL are not allowed").hasMessageNotContaining("pa55word");
        assertThat(refused(strict(), "https://10.0.0.1/a.png?X-Amz-Signature=s3cr3t"))
                .hasMessageStartingWith("https://10.0.0.1/a.png:").hasMessageNotContaining("s3cr3t");
    }
}
