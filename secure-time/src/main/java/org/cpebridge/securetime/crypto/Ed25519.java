package org.cpebridge.securetime.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.cpebridge.bytes.Bytes;

/**
 * Ed25519 with the JDK's provider (Java 15+), on Roughtime's raw 32-byte keys. The JDK wants DER: a raw public key
 * gets the fixed SubjectPublicKeyInfo prefix of RFC 8410, a raw private key (the 32-byte seed) the fixed PKCS#8 one.
 */
public final class Ed25519 {

    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;
    private static final byte[] PUBLIC_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PRIVATE_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private Ed25519() {
    }

    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** A public key from its 32 raw bytes; any 32 bytes are accepted here, a bad point fails verification. */
    public static PublicKey publicKey(Bytes raw) {
        if (raw.length() != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + raw.length());
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(PUBLIC_PREFIX,
                    raw.toByteArray())));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** A private key from its 32-byte seed. */
    public static PrivateKey privateKey(Bytes seed) {
        if (seed.length() != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PRIVATE_PREFIX,
                    seed.toByteArray())));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 seed", e);
        }
    }

    public static Bytes rawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        return Bytes.of(Arrays.copyOfRange(der, der.length - KEY_LENGTH, der.length));
    }

    public static Bytes seedOf(PrivateKey key) {
        byte[] der = key.getEncoded();
        return Bytes.of(Arrays.copyOfRange(der, der.length - KEY_LENGTH, der.length));
    }

    /** Signs {@code context || message}. */
    public static Bytes sign(PrivateKey key, byte[] context, Bytes message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(context);
            signature.update(message.toByteArray());
            return Bytes.of(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is the key's over {@code context || message}; false for any malformed input. */
    public static boolean verify(PublicKey key, Bytes signature, byte[] context, Bytes message) {
        if (signature.length() != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(context);
            verifier.update(message.toByteArray());
            return verifier.verify(signature.toByteArray());
        } catch (GeneralSecurityException | RuntimeException e) {
            // The JDK throws for encodings it rejects (a public key that is not a curve point): not a valid signature.
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
