package org.cpebridge.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context for {@code ssl://} brokers from {@link TlsSettings}: trust from a PEM CA file (or the JVM's
 * default), an optional client certificate and key from PEM files. Uses only the JDK's providers; the client wraps
 * the context's {@code SSLEngine} in netty's {@code SslHandler} with hostname verification on.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * @throws MqttPortException naming the file when a PEM file cannot be read or holds no usable certificate or key
     */
    public static SSLContext create(TlsSettings settings) throws MqttPortException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (settings.caFile().isPresent()) {
                KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                List<Certificate> cas = certificates(settings.caFile().get());
                for (int i = 0; i < cas.size(); i++) {
                    anchors.setCertificateEntry("ca-" + i, cas.get(i));
                }
                trust.init(anchors);
            } else {
                trust.init((KeyStore) null);
            }
            KeyManagerFactory keys = null;
            if (settings.certFile().isPresent()) {
                List<Certificate> chain = certificates(settings.certFile().get());
                PrivateKey key = privateKey(settings.keyFile().orElseThrow());
                KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
                identity.load(null, null);
                char[] transientPassword = new char[0];
                identity.setKeyEntry("client", key, transientPassword, chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, transientPassword);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new MqttPortException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) throws MqttPortException {
        try {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (read.isEmpty()) {
                throw new MqttPortException("no certificate in " + file, null);
            }
            return new ArrayList<>(read);
        } catch (IOException | GeneralSecurityException e) {
            throw new MqttPortException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) throws MqttPortException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new MqttPortException("cannot read the key file " + file + ": " + e.getMessage(), e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new MqttPortException(file + " holds no unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt'", null);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new MqttPortException(file + ": the key is not valid Base64", e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Try the next algorithm; PKCS#8 names it, but the JDK has no algorithm-neutral key factory.
            }
        }
        throw new MqttPortException(file + " holds no RSA, EC or Ed25519 key", null);
    }
}
