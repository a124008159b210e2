package org.cpebridge.matter.message;

import org.cpebridge.bytes.Bytes;

/** Bounds-checked little-endian reads over a byte array; running short is a {@link MessageException}. */
final class WireReader {

    private final byte[] data;
    private final String what;
    private int position;

    WireReader(byte[] data, int offset, String what) {
        this.data = data;
        this.position = offset;
        this.what = what;
    }

    int u8() throws MessageException {
        need(1);
        return data[position++] & 0xFF;
    }

    int u16() throws MessageException {
        return (int) little(2);
    }

    long u32() throws MessageException {
        return little(4);
    }

    long u64() throws MessageException {
        return little(8);
    }

    Bytes bytes(int length) throws MessageException {
        need(length);
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return Bytes.of(out);
    }

    Bytes rest() {
        byte[] out = new byte[data.length - position];
        System.arraycopy(data, position, out, 0, out.length);
        position = data.length;
        return Bytes.of(out);
    }

    int position() {
        return position;
    }

    int remaining() {
        return data.length - position;
    }

    private long little(int width) throws MessageException {
        need(width);
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (data[position++] & 0xFFL) << (8 * i);
        }
        return value;
    }

    private void need(int length) throws MessageException {
        if (length > data.length - position) {
            throw new MessageException(what + " truncated: need " + length + " bytes at offset " + position
                    + ", have " + (data.length - position));
        }
    }
}
