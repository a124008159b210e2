package org.cpebridge.bytes;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The immutable byte string of every module: value equality for byte fields in records (records compare arrays by
 * reference). Every way in and out copies, so no caller can change an instance after the fact, with two exceptions
 * for the large answers the USP agent sends, where each copy is hundreds of kB of garbage: {@link #adopting} takes a
 * freshly made array that its maker hands over, and {@link #readOnlyArray} lends the array to an I/O call that only
 * reads it. Immutable, so any thread may use it.
 */
public final class Bytes {

    /** The empty byte string. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private static final HexFormat HEX = HexFormat.of();

    /** {@link #toString()} shows this many bytes in full; a longer string shows them and its length. */
    private static final int SHOWN_BYTES = 64;

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Copies {@code data}. */
    public static Bytes of(byte... data) {
        Objects.requireNonNull(data, "data");
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /**
     * Takes {@code fresh} as the bytes themselves, without a copy: for an array its caller has just made and hands over
     * (an encoded Record on its way to the MTP). The caller must not write to the array, nor keep it where anyone
     * else could, after this call: the instance would change with it.
     */
    public static Bytes adopting(byte[] fresh) {
        Objects.requireNonNull(fresh, "fresh");
        return fresh.length == 0 ? EMPTY : new Bytes(fresh);
    }

    /**
     * Copies {@code length} bytes of {@code data} from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code data}
     */
    public static Bytes of(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    /** Copies the remaining bytes of {@code buffer} without moving its position. */
    public static Bytes of(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy.length == 0 ? EMPTY : new Bytes(copy);
    }

    /**
     * Parses lower- or upper-case hex digits, two per byte. White space, {@code '|'} and {@code '_'} are skipped, so a
     * test vector can be grouped by field ({@code "0004 0301 | 003C"}).
     *
     * @throws IllegalArgumentException if the digits are odd in number or the text has any other character
     */
    public static Bytes fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        StringBuilder digits = new StringBuilder(hex.length());
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!Character.isWhitespace(c) && c != '|' && c != '_') {
                digits.append(c);
            }
        }
        return of(HEX.parseHex(digits));
    }

    /**
     * Decodes standard Base64 (RFC 4648, with padding).
     *
     * @throws IllegalArgumentException if the text is not Base64
     */
    public static Bytes fromBase64(String base64) {
        return of(Base64.getDecoder().decode(base64));
    }

    /** Number of bytes. */
    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    /**
     * The byte at {@code index}, signed as Java's {@code byte}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, length())}
     */
    public byte get(int index) {
        Objects.checkIndex(index, data.length);
        return data[index];
    }

    /**
     * The byte at {@code index} as an unsigned value, 0 to 255.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, length())}
     */
    public int getUnsigned(int index) {
        return get(index) & 0xFF;
    }

    /**
     * The bytes from {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @throws IndexOutOfBoundsException if the range is not inside this string
     */
    public Bytes slice(int from, int to) {
        Objects.checkFromToIndex(from, to, data.length);
        return from == to ? EMPTY : new Bytes(Arrays.copyOfRange(data, from, to));
    }

    /** A fresh copy of the bytes. */
    public byte[] toByteArray() {
        return data.clone();
    }

    /**
     * The bytes themselves, not a copy: for an I/O call that only reads them (netty wrapping them for its encoder,
     * which copies them into the packet). Never write to the array, nor keep it: every holder of this instance would
     * see the change. Anywhere else, use {@link #toByteArray()}.
     */
    public byte[] readOnlyArray() {
        return data;
    }

    /**
     * Writes the bytes into {@code target} at {@code offset}.
     *
     * @throws IndexOutOfBoundsException if they do not fit
     */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(data, 0, target, offset, data.length);
    }

    /** A read-only view of the bytes, big-endian (set another order on the view where a format needs it). */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** Compares in a time that does not depend on where the first difference is (nonces, MACs, Merkle roots). */
    public boolean constantTimeEquals(Bytes other) {
        return MessageDigest.isEqual(data, other.data);
    }

    /** Lower-case hex, two digits per byte, no separators. */
    public String hex() {
        return HEX.formatHex(data);
    }

    /** Standard Base64 (RFC 4648, with padding). */
    public String toBase64() {
        return Base64.getEncoder().encodeToString(data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** {@code Bytes[0102]}; past 64 bytes, the first 64 and the length: {@code Bytes[0102...(100 bytes)]}. */
    @Override
    public String toString() {
        if (data.length <= SHOWN_BYTES) {
            return "Bytes[" + hex() + "]";
        }
        return "Bytes[" + HEX.formatHex(data, 0, SHOWN_BYTES) + "...(" + data.length + " bytes)]";
    }
}
