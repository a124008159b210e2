package org.cpebridge.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client checks the broker and proves itself over TLS ({@code ssl://} server URIs). ISP brokers are reached over
 * TLS, often with a private CA and a client certificate per device.
 *
 * @param caFile   PEM file of the CA certificates the broker's chain must end in; empty: the JVM's default trust store
 * @param certFile PEM file of the client's certificate chain (leaf first), with {@code keyFile}; empty: no client
 *                 certificate
 * @param keyFile  PEM file of the client's unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}), RSA or EC
 */
public record TlsSettings(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {

    /** The JVM's trust store and no client certificate. */
    public static final TlsSettings DEFAULT = new TlsSettings(Optional.empty(), Optional.empty(), Optional.empty());

    public TlsSettings {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key file and the other way round");
        }
    }
}
