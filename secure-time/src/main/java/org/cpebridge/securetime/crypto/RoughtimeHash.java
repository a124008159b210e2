package org.cpebridge.securetime.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import org.cpebridge.bytes.Bytes;

/**
 * Roughtime's hash, SHA-512 truncated to 32 bytes (draft-ietf-ntp-roughtime-19 section 5.4), and what is built
 * from it: Merkle leaves (tweak 0x00, over the whole request packet), nodes (tweak 0x01), the SRV key id (tweak
 * 0xff) and the chained nonce of a client that wants proof of a server's lie.
 */
public final class RoughtimeHash {

    public static final int LENGTH = 32;

    private RoughtimeHash() {
    }

    public static Bytes leaf(Bytes requestPacket) {
        return hash((byte) 0x00, requestPacket.toByteArray());
    }

    public static Bytes node(Bytes left, Bytes right) {
        return hash((byte) 0x01, left.toByteArray(), right.toByteArray());
    }

    /** SRV: which long-term key a request is for. */
    public static Bytes serverId(Bytes longTermPublicKey) {
        return hash((byte) 0xff, longTermPublicKey.toByteArray());
    }

    /** The nonce that ties a request to the previous reply: SHA-512(previous reply || blind), first 32 bytes. */
    public static Bytes chainedNonce(Bytes previousResponsePacket, Bytes blind) {
        return truncated(digest(previousResponsePacket.toByteArray(), blind.toByteArray()));
    }

    /**
     * The root a Merkle path leads to: for each level, bit i of {@code index} says whether the running hash is the
     * right child (1) or the left (0).
     */
    public static Bytes rootFromPath(Bytes leaf, List<Bytes> path, long index) {
        Bytes current = leaf;
        for (int i = 0; i < path.size(); i++) {
            current = ((index >>> i) & 1) == 0 ? node(current, path.get(i)) : node(path.get(i), current);
        }
        return current;
    }

    private static Bytes hash(byte tweak, byte[]... parts) {
        byte[][] all = new byte[parts.length + 1][];
        all[0] = new byte[] {tweak};
        System.arraycopy(parts, 0, all, 1, parts.length);
        return truncated(digest(all));
    }

    private static byte[] digest(byte[]... parts) {
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            for (byte[] part : parts) {
                sha512.update(part);
            }
            return sha512.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    private static Bytes truncated(byte[] digest) {
        return Bytes.of(Arrays.copyOf(digest, LENGTH));
    }
}
