package org.cpebridge.matter.util;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Immutable sequence of bytes with value equality, for byte fields in records (records compare arrays by reference).
 * Every way in and out copies, so no caller can change an instance after the fact.
 */
public final class Bytes {

    /** The empty byte sequence. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Copies {@code bytes} into a new instance. */
    public static Bytes of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /**
     * Parses lower- or upper-case hex digits, two per byte, without separators.
     *
     * @throws IllegalArgumentException if the text has an odd length or a non-hex character
     */
    public static Bytes fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        return new Bytes(HEX.parseHex(hex));
    }

    /** Returns a fresh copy of the bytes. */
    public byte[] toByteArray() {
        return data.clone();
    }

    /** Number of bytes. */
    public int length() {
        return data.length;
    }

    /**
     * Returns the byte at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, length())}
     */
    public byte get(int index) {
        Objects.checkIndex(index, data.length);
        return data[index];
    }

    /** Lower-case hex, two digits per byte, no separators. */
    public String hex() {
        return HEX.formatHex(data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Bytes[" + hex() + "]";
    }
}
