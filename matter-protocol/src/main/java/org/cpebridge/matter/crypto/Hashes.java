package org.cpebridge.matter.crypto;

import java.security.MessageDigest;
import java.util.Objects;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** SHA-256 and HMAC-SHA256 (Matter core spec 3.3 "Hash function", 3.4 "Keyed-hash message authentication code"). */
public final class Hashes {

    /** Length of a SHA-256 digest and of an HMAC-SHA256 tag, in bytes. */
    public static final int SHA256_LENGTH = 32;

    private Hashes() {
    }

    /** SHA-256 over the concatenation of {@code parts}. */
    public static byte[] sha256(byte[]... parts) {
        SHA256Digest digest = new SHA256Digest();
        for (byte[] part : parts) {
            digest.update(Objects.requireNonNull(part, "part"), 0, part.length);
        }
        byte[] out = new byte[SHA256_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /** HMAC-SHA256 with {@code key} over the concatenation of {@code parts}. */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(Objects.requireNonNull(key, "key")));
        for (byte[] part : parts) {
            mac.update(Objects.requireNonNull(part, "part"), 0, part.length);
        }
        byte[] out = new byte[SHA256_LENGTH];
        mac.doFinal(out, 0);
        return out;
    }

    /** Compares two MACs in time independent of where they first differ. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
