package org.cpebridge.matter.message;

import java.util.Arrays;
import org.cpebridge.bytes.Bytes;

/** Little-endian writes into a growing byte array. */
final class WireWriter {

    private byte[] buffer = new byte[64];
    private int size;

    WireWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    WireWriter u16(int value) {
        return little(value, 2);
    }

    WireWriter u32(long value) {
        return little(value, 4);
    }

    WireWriter u64(long value) {
        return little(value, 8);
    }

    WireWriter bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    WireWriter bytes(Bytes value) {
        return bytes(value.toByteArray());
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private WireWriter little(long value, int width) {
        ensure(width);
        for (int i = 0; i < width; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
