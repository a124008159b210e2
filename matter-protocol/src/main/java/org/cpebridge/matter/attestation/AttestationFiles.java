package org.cpebridge.matter.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.P256KeyPair;

/**
 * Reads attestation certificates, keys and Certification Declarations from PEM or DER, from files or class-path
 * resources. Keys may be SEC1 ({@code EC PRIVATE KEY}), PKCS#8 ({@code PRIVATE KEY}) or a bare 32-byte scalar.
 * Error messages name the source, never key material.
 */
public final class AttestationFiles {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private AttestationFiles() {
    }

    /** Reads a file's bytes. */
    public static byte[] read(Path file) throws AttestationException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AttestationException(Reason.MALFORMED, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a class-path resource next to this class's package root ({@code attestation/...}). */
    public static byte[] resource(String name) throws AttestationException {
        try (InputStream in = AttestationFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new AttestationException(Reason.MALFORMED, "missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AttestationException(Reason.MALFORMED, "cannot read resource " + name, e);
        }
    }

    /** A certificate (or CD) as DER: PEM is unwrapped, anything else is taken as DER. */
    public static byte[] der(byte[] pemOrDer, String expectedLabel, String source) throws AttestationException {
        Objects.requireNonNull(pemOrDer, "pemOrDer");
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        Matcher matcher = PEM.matcher(text);
        if (!matcher.find()) {
            if (text.contains("-----BEGIN")) {
                throw new AttestationException(Reason.MALFORMED, source + ": PEM block is not well formed");
            }
            return pemOrDer.clone();
        }
        if (expectedLabel != null && !matcher.group(1).equals(expectedLabel)) {
            throw new AttestationException(Reason.MALFORMED, source + ": expected PEM " + expectedLabel + ", found "
                    + matcher.group(1));
        }
        try {
            return Base64.getMimeDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw new AttestationException(Reason.MALFORMED, source + ": PEM body is not base64", e);
        }
    }

    /** A certificate in PEM ({@code CERTIFICATE}) or DER. */
    public static AttestationCertificate certificate(byte[] pemOrDer, String source) throws AttestationException {
        try {
            return AttestationCertificate.parse(der(pemOrDer, "CERTIFICATE", source));
        } catch (AttestationException e) {
            throw new AttestationException(e.reason(), source + ": " + e.getMessage(), e);
        }
    }

    /** A P-256 private key in SEC1 or PKCS#8, PEM or DER, or a bare 32-byte scalar. */
    public static P256KeyPair privateKey(byte[] pemOrDer, String source) throws AttestationException {
        if (pemOrDer.length == 32) {
            return keyPair(new BigInteger(1, pemOrDer), source);
        }
        byte[] der = der(pemOrDer, null, source);
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            ASN1Sequence sequence = ASN1Sequence.getInstance(primitive);
            // SEC1 ECPrivateKey starts with version 1, PKCS#8 PrivateKeyInfo with version 0.
            boolean sec1 = ASN1Integer.getInstance(sequence.getObjectAt(0)).hasValue(1);
            ECPrivateKey key = sec1 ? ECPrivateKey.getInstance(sequence)
                    : ECPrivateKey.getInstance(PrivateKeyInfo.getInstance(sequence).parsePrivateKey());
            return keyPair(key.getKey(), source);
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException
                | ArrayIndexOutOfBoundsException e) {
            // The exception text of a key parser may quote key bytes: keep it out of the message.
            throw new AttestationException(Reason.MALFORMED, source + ": not an EC private key (SEC1 or PKCS#8)");
        }
    }

    private static P256KeyPair keyPair(BigInteger scalar, String source) throws AttestationException {
        byte[] bytes = scalar.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        if (bytes.length > 33 || (bytes.length == 33 && bytes[0] != 0)) {
            throw new AttestationException(Reason.MALFORMED, source + ": private key is not a P-256 scalar");
        }
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        try {
            return P256KeyPair.fromPrivate(fixed);
        } catch (IllegalArgumentException e) {
            throw new AttestationException(Reason.MALFORMED, source + ": private key is not a P-256 scalar");
        }
    }
}
