package org.cpebridge.dect.hanfun;

import org.cpebridge.bytes.Bytes;

/** Big-endian reader over a byte array that fails with {@link HanfunException}, never with a runtime exception. */
final class ByteReader {
    private final byte[] data;
    private final int end;
    private int position;

    ByteReader(byte[] data) {
        this(data, 0, data.length);
    }

    ByteReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
    }

    static ByteReader of(Bytes bytes) {
        return new ByteReader(bytes.toByteArray());
    }

    int remaining() {
        return end - position;
    }

    boolean hasRemaining() {
        return position < end;
    }

    private void need(int count, String field) throws HanfunException {
        if (remaining() < count) {
            throw new HanfunException(HanfunException.Reason.TRUNCATED,
                    field + " needs " + count + " byte(s), " + remaining() + " left");
        }
    }

    int u8(String field) throws HanfunException {
        need(1, field);
        return data[position++] & 0xFF;
    }

    int u16(String field) throws HanfunException {
        need(2, field);
        int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    int s16(String field) throws HanfunException {
        return (short) u16(field);
    }

    long u32(String field) throws HanfunException {
        need(4, field);
        long value = ((long) (data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16)
                | ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    Bytes bytes(int count, String field) throws HanfunException {
        need(count, field);
        Bytes value = Bytes.of(data, position, count);
        position += count;
        return value;
    }

    Bytes rest() {
        Bytes value = Bytes.of(data, position, end - position);
        position = end;
        return value;
    }

    void expectEnd(String what) throws HanfunException {
        if (hasRemaining()) {
            throw new HanfunException(HanfunException.Reason.OVERSIZED,
                    remaining() + " unexpected byte(s) after " + what);
        }
    }
}
