package dev.drover.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Trust material for {@code rediss://} from a CA file: the trust managers (Redisson) and a socket factory (Jedis). */
final class TlsTrust {

    private TlsTrust() {
    }

    /** Trust managers trusting only the certificate(s) in a PEM or DER file; fails naming the file. */
    static TrustManagerFactory fromCaFile(Path caCertificates) {
        Objects.requireNonNull(caCertificates, "caCertificates");
        try (InputStream in = Files.newInputStream(caCertificates)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("redis TLS CA file " + caCertificates + " holds no certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("redis-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return tmf;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read redis TLS CA file " + caCertificates + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("redis TLS CA file " + caCertificates
                    + " is not a PEM or DER certificate: " + e.getMessage(), e);
        }
    }

    static SSLSocketFactory socketFactory(TrustManagerFactory trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
