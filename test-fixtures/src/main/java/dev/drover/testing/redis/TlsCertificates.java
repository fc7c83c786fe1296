package dev.drover.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway CA and a server certificate it signed (SANs {@code localhost} and {@code 127.0.0.1}), made at test
 * time with the running JDK's {@code keytool} (no openssl, no extra library) and written as PEM files for
 * {@code redis-server --tls-*}. Valid for two days; the private keys never leave {@link #dir()}.
 *
 * @param dir        where the files are
 * @param caCertPem  the CA certificate (what a client must trust)
 * @param certPem    the server certificate
 * @param keyPem     the server's private key, unencrypted PKCS#8
 */
public record TlsCertificates(Path dir, Path caCertPem, Path certPem, Path keyPem) {

    private static final String PASS = "drover-test";

    /** Generates a fresh CA and server certificate in a new temporary directory. */
    public static TlsCertificates generate() {
        try {
            Path dir = Files.createTempDirectory("drover-tls-");
            dir.toFile().deleteOnExit();
            return generate(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for test certificates", e);
        }
    }

    /** Generates a fresh CA and server certificate into {@code dir}. */
    public static TlsCertificates generate(Path dir) {
        Path caStore = dir.resolve("ca.p12");
        Path serverStore = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Path ca = dir.resolve("ca.crt");
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=Drover Test CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
                "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS,
                "-file", ca.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-keystore", serverStore.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-storepass", PASS,
                "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS,
                "-infile", csr.toString(), "-outfile", cert.toString(), "-validity", "2",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-ext", "eku=serverAuth",
                "-ext", "ku:c=digitalSignature,keyEncipherment");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(serverStore)) {
                ks.load(in, PASS.toCharArray());
            }
            Key privateKey = ks.getKey("server", PASS.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(key, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test server key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test server key back from " + serverStore, e);
        }
        for (Path p : List.of(caStore, serverStore, csr, ca, cert, key)) {
            p.toFile().deleteOnExit();
        }
        return new TlsCertificates(dir, ca, cert, key);
    }

    /** A socket factory that trusts only this CA (hostname checks are the caller's business, as with JSSE). */
    public SSLSocketFactory clientSocketFactory() {
        return clientContext().getSocketFactory();
    }

    /** A TLS context for servers (e.g. a JDK {@code HttpsServer}) presenting the CA-signed server certificate. */
    public SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"));
             InputStream cert = Files.newInputStream(certPem); InputStream ca = Files.newInputStream(caCertPem)) {
            KeyStore generated = KeyStore.getInstance("PKCS12");
            generated.load(in, PASS.toCharArray());
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Certificate[] chain = {x509.generateCertificate(cert), x509.generateCertificate(ca)};
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", generated.getKey("server", PASS.toCharArray()), PASS.toCharArray(), chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASS.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test server key store in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server TLS context from " + dir, e);
        }
    }

    /** A TLS context for clients that trusts only this CA. */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(caCertPem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caCertPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store from " + caCertPem, e);
        }
    }

    private static void keytool(String... args) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new ArrayList<>();
        cmd.add(keytool.toString());
        cmd.add("-noprompt");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed (exit "
                        + p.exitValue() + "): " + out.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
