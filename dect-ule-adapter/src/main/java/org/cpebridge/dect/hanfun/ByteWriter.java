package org.cpebridge.dect.hanfun;

import java.io.ByteArrayOutputStream;
import org.cpebridge.bytes.Bytes;

/** Big-endian writer; callers have range-checked the values in their record constructors. */
final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(32);

    ByteWriter u8(int value) {
        out.write(value);
        return this;
    }

    ByteWriter u16(int value) {
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    ByteWriter u32(long value) {
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
        return this;
    }

    ByteWriter bytes(Bytes value) {
        byte[] array = value.toByteArray();
        out.write(array, 0, array.length);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    Bytes toBytes() {
        return Bytes.of(out.toByteArray());
    }
}
