package org.cpebridge.usp.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for the MQTT- and WebSocket-over-TLS tests: a CA, a broker (or agent) certificate for 127.0.0.1
 * (IP SAN, so hostname verification passes) and client certificates (optionally with subjectAltName URIs), EC
 * P-256, written as PEM files (keys as unencrypted PKCS#8) that both mosquitto and the agent read. The directory and
 * files are made world-readable: mosquitto, started as root, reads them as its own user, so the directories above
 * must be searchable by others too ({@link #openUp}).
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** PEM files of one issued certificate. */
    public record Issued(Path certificate, Path key, X509Certificate x509, KeyPair keys) {
    }

    private final Issued ca;

    private TestPki(Issued ca) {
        this.ca = ca;
    }

    /** A new CA named {@code name}, its files in {@code dir}. */
    public static TestPki create(Path dir, String name) throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate certificate = sign(builder, keys);
        return new TestPki(write(dir, name, certificate, keys));
    }

    public Issued ca() {
        return ca;
    }

    /** A broker certificate for 127.0.0.1. */
    public Issued server(Path dir, String name) throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name), new X500Name(
                ca.x509().getSubjectX500Principal().getName()), keys)
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return write(dir, name, sign(builder, ca.keys()), keys);
    }

    /** A client certificate. */
    public Issued client(Path dir, String name) throws GeneralSecurityException, IOException {
        return client(dir, name, new String[0]);
    }

    /**
     * A client certificate whose subjectAltName carries these URIs (GeneralName uniformResourceIdentifier), e.g. a
     * Controller's {@code urn:bbf:usp:id:<endpoint id>} (TR-369 R-SEC.0a); none: no subjectAltName at all.
     */
    public Issued client(Path dir, String name, String... sanUris) throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name), new X500Name(
                ca.x509().getSubjectX500Principal().getName()), keys)
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        if (sanUris.length > 0) {
            GeneralName[] names = new GeneralName[sanUris.length];
            for (int i = 0; i < sanUris.length; i++) {
                names[i] = new GeneralName(GeneralName.uniformResourceIdentifier, sanUris[i]);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        return write(dir, name, sign(builder, ca.keys()), keys);
    }

    /** A client certificate with a dNSName subjectAltName only (not an Endpoint ID for the agent). */
    public Issued clientWithDnsName(Path dir, String name, String dnsName) throws GeneralSecurityException,
            IOException {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name), new X500Name(
                ca.x509().getSubjectX500Principal().getName()), keys)
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        new GeneralName(GeneralName.dNSName, dnsName)));
        return write(dir, name, sign(builder, ca.keys()), keys);
    }

    /**
     * A JDK TLS context for a client: trusts this CA and, when {@code client} is given (null: none), presents that
     * certificate alone (it may come from another CA).
     */
    public SSLContext clientContext(Issued client) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.x509());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManager[] keyManagers = null;
        if (client != null) {
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.keys().getPrivate(), password, new Certificate[] {client.x509()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            keyManagers = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** Lets other users search {@code dir} and every directory above it up to {@code top} (a test's temp dir). */
    public static void openUp(Path top, Path dir) throws IOException {
        for (Path p = dir; p != null && p.startsWith(top); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static Issued write(Path dir, String name, X509Certificate certificate, KeyPair keys)
            throws IOException {
        Files.createDirectories(dir);
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        StringWriter cert = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(cert)) {
            writer.writeObject(certificate);
        }
        StringWriter key = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(key)) {
            writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        Files.writeString(certFile, cert.toString());
        Files.writeString(keyFile, key.toString());
        // mosquitto started as root drops to its own user before it reads these: let it (throw-away test keys).
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(certFile, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        return new Issued(certFile, keyFile, certificate, keys);
    }
}
