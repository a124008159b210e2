package org.cpebridge.dect.hanfun;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality, for byte fields in records. */
public final class Bytes {
    /** The empty byte string. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** Copies {@code data}. */
    public static Bytes of(byte... data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /** Copies {@code length} bytes of {@code data} from {@code offset}. */
    public static Bytes of(byte[] data, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, offset, offset + length));
    }

    /** Parses hex digits; spaces, '|' and '_' are ignored so vectors can be grouped by field. */
    public static Bytes fromHex(String hex) {
        String digits = hex.replaceAll("[\\s|_]", "");
        return new Bytes(HexFormat.of().parseHex(digits));
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    /** The unsigned byte at {@code index}. */
    public int get(int index) {
        return data[index] & 0xFF;
    }

    /** Writes the bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(data, 0, target, offset, data.length);
    }

    public String toHex() {
        return HexFormat.of().formatHex(data);
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
        return toHex();
    }
}
