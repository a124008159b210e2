package org.cpebridge.securetime.wire;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** An immutable byte string, so that records holding wire fields compare by content. */
public final class Bytes {

    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of the array. */
    public static Bytes of(byte[] data) {
        return new Bytes(data.clone());
    }

    /** The remaining bytes of the buffer, copied; the buffer's position is not moved. */
    public static Bytes of(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return new Bytes(copy);
    }

    public static Bytes fromHex(String hex) {
        return new Bytes(HexFormat.of().parseHex(hex));
    }

    public static Bytes fromBase64(String base64) {
        return new Bytes(Base64.getDecoder().decode(base64));
    }

    public int length() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    /** A copy of the content. */
    public byte[] toArray() {
        return data.clone();
    }

    /** A read-only little-endian view. */
    public ByteBuffer asBuffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    public Bytes slice(int from, int to) {
        return new Bytes(Arrays.copyOfRange(data, from, to));
    }

    /** Compares in time independent of where the first difference is (nonces, roots). */
    public boolean constantTimeEquals(Bytes other) {
        return MessageDigest.isEqual(data, other.data);
    }

    public String toHex() {
        return HexFormat.of().formatHex(data);
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(data);
    }

    byte[] unsafeArray() {
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes bytes && Arrays.equals(data, bytes.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return data.length <= 64 ? toHex() : toHex().substring(0, 128) + "...(" + data.length + " bytes)";
    }
}
