package org.cpebridge.matter.tlv;

import static org.cpebridge.matter.tlv.TlvCodes.ARRAY;
import static org.cpebridge.matter.tlv.TlvCodes.BOOLEAN_FALSE;
import static org.cpebridge.matter.tlv.TlvCodes.BOOLEAN_TRUE;
import static org.cpebridge.matter.tlv.TlvCodes.END_OF_CONTAINER;
import static org.cpebridge.matter.tlv.TlvCodes.FLOAT_4;
import static org.cpebridge.matter.tlv.TlvCodes.FLOAT_8;
import static org.cpebridge.matter.tlv.TlvCodes.LIST;
import static org.cpebridge.matter.tlv.TlvCodes.NULL;
import static org.cpebridge.matter.tlv.TlvCodes.OCTETS_LENGTH_1;
import static org.cpebridge.matter.tlv.TlvCodes.SIGNED_INT_1;
import static org.cpebridge.matter.tlv.TlvCodes.STRUCTURE;
import static org.cpebridge.matter.tlv.TlvCodes.UNSIGNED_INT_1;
import static org.cpebridge.matter.tlv.TlvCodes.UTF8_LENGTH_1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;
import org.cpebridge.bytes.Bytes;

/**
 * Streaming TLV encoder into a growing byte array. Integers, string lengths and profile tags take the fewest octets
 * that hold them. Misuse (a tag not allowed in the open container, closing what is not open, taking the bytes while
 * a container is open) is a programming error and throws {@link IllegalStateException} or
 * {@link IllegalArgumentException}.
 *
 * <p>Not thread-safe; one writer per message.
 */
public final class TlvWriter {

    private byte[] buffer = new byte[64];
    private int size;
    private final Deque<TlvType> open = new ArrayDeque<>();

    /** Writes a signed integer. */
    public TlvWriter putSigned(TlvTag tag, long value) {
        int width = signedWidth(value);
        writeControlAndTag(SIGNED_INT_1 | widthCode(width), tag);
        writeLittleEndian(value, width);
        return this;
    }

    /** Writes an unsigned integer; {@code value} is read as unsigned 64-bit. */
    public TlvWriter putUnsigned(TlvTag tag, long value) {
        int width = unsignedWidth(value);
        writeControlAndTag(UNSIGNED_INT_1 | widthCode(width), tag);
        writeLittleEndian(value, width);
        return this;
    }

    /** Writes a boolean. */
    public TlvWriter putBoolean(TlvTag tag, boolean value) {
        writeControlAndTag(value ? BOOLEAN_TRUE : BOOLEAN_FALSE, tag);
        return this;
    }

    /** Writes a single-precision float. */
    public TlvWriter putFloat(TlvTag tag, float value) {
        writeControlAndTag(FLOAT_4, tag);
        writeLittleEndian(Float.floatToRawIntBits(value), 4);
        return this;
    }

    /** Writes a double-precision float. */
    public TlvWriter putDouble(TlvTag tag, double value) {
        writeControlAndTag(FLOAT_8, tag);
        writeLittleEndian(Double.doubleToRawLongBits(value), 8);
        return this;
    }

    /** Writes a UTF-8 string. */
    public TlvWriter putString(TlvTag tag, String value) {
        writeString(UTF8_LENGTH_1, tag, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Writes an octet string. */
    public TlvWriter putBytes(TlvTag tag, Bytes value) {
        writeString(OCTETS_LENGTH_1, tag, value.toByteArray());
        return this;
    }

    /** Writes an octet string. */
    public TlvWriter putBytes(TlvTag tag, byte[] value) {
        writeString(OCTETS_LENGTH_1, tag, value);
        return this;
    }

    /** Writes a null. */
    public TlvWriter putNull(TlvTag tag) {
        writeControlAndTag(NULL, tag);
        return this;
    }

    /** Opens a structure; members follow, then {@link #endContainer()}. */
    public TlvWriter startStructure(TlvTag tag) {
        return startContainer(STRUCTURE, TlvType.STRUCTURE, tag);
    }

    /** Opens an array; anonymous members follow, then {@link #endContainer()}. */
    public TlvWriter startArray(TlvTag tag) {
        return startContainer(ARRAY, TlvType.ARRAY, tag);
    }

    /** Opens a list; members follow, then {@link #endContainer()}. */
    public TlvWriter startList(TlvTag tag) {
        return startContainer(LIST, TlvType.LIST, tag);
    }

    /** Closes the innermost open container. */
    public TlvWriter endContainer() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no container is open");
        }
        open.pop();
        writeByte(END_OF_CONTAINER);
        return this;
    }

    /** Writes a whole element tree. */
    public TlvWriter put(TlvElement element) {
        Objects.requireNonNull(element, "element");
        if (element instanceof TlvElement.SignedInt e) {
            putSigned(e.tag(), e.value());
        } else if (element instanceof TlvElement.UnsignedInt e) {
            putUnsigned(e.tag(), e.value());
        } else if (element instanceof TlvElement.Bool e) {
            putBoolean(e.tag(), e.value());
        } else if (element instanceof TlvElement.Float32 e) {
            putFloat(e.tag(), e.value());
        } else if (element instanceof TlvElement.Float64 e) {
            putDouble(e.tag(), e.value());
        } else if (element instanceof TlvElement.Utf8 e) {
            putString(e.tag(), e.value());
        } else if (element instanceof TlvElement.Octets e) {
            putBytes(e.tag(), e.value());
        } else if (element instanceof TlvElement.Null e) {
            putNull(e.tag());
        } else if (element instanceof TlvElement.Structure e) {
            putMembers(startStructure(e.tag()), e.members());
        } else if (element instanceof TlvElement.Array e) {
            putMembers(startArray(e.tag()), e.members());
        } else if (element instanceof TlvElement.ListOf e) {
            putMembers(startList(e.tag()), e.members());
        }
        return this;
    }

    /** Number of bytes written so far. */
    public int size() {
        return size;
    }

    /**
     * Returns a copy of the encoding.
     *
     * @throws IllegalStateException if a container is still open
     */
    public byte[] toByteArray() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " container(s) still open");
        }
        return Arrays.copyOf(buffer, size);
    }

    private static void putMembers(TlvWriter writer, java.util.List<TlvElement> members) {
        for (TlvElement member : members) {
            writer.put(member);
        }
        writer.endContainer();
    }

    private TlvWriter startContainer(int code, TlvType type, TlvTag tag) {
        writeControlAndTag(code, tag);
        open.push(type);
        return this;
    }

    private void writeString(int baseCode, TlvTag tag, byte[] value) {
        int width = unsignedWidth(value.length);
        writeControlAndTag(baseCode | widthCode(width), tag);
        writeLittleEndian(value.length, width);
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
    }

    private void writeControlAndTag(int elementType, TlvTag tag) {
        Objects.requireNonNull(tag, "tag");
        checkTagAllowed(tag);
        if (tag instanceof TlvTag.Context c) {
            writeByte(TlvCodes.TAG_CONTEXT | elementType);
            writeByte(c.number());
        } else if (tag instanceof TlvTag.CommonProfile c) {
            writeProfileTag(c.number() <= 0xFFFF ? TlvCodes.TAG_COMMON_2 : TlvCodes.TAG_COMMON_4, elementType,
                    c.number());
        } else if (tag instanceof TlvTag.ImplicitProfile i) {
            writeProfileTag(i.number() <= 0xFFFF ? TlvCodes.TAG_IMPLICIT_2 : TlvCodes.TAG_IMPLICIT_4, elementType,
                    i.number());
        } else if (tag instanceof TlvTag.FullyQualified f) {
            boolean shortForm = f.number() <= 0xFFFF;
            writeByte((shortForm ? TlvCodes.TAG_FULLY_QUALIFIED_6 : TlvCodes.TAG_FULLY_QUALIFIED_8) | elementType);
            writeLittleEndian(f.vendorId(), 2);
            writeLittleEndian(f.profileNumber(), 2);
            writeLittleEndian(f.number(), shortForm ? 2 : 4);
        } else {
            writeByte(TlvCodes.TAG_ANONYMOUS | elementType);
        }
    }

    private void writeProfileTag(int tagControl, int elementType, long number) {
        writeByte(tagControl | elementType);
        writeLittleEndian(number, number <= 0xFFFF ? 2 : 4);
    }

    private void checkTagAllowed(TlvTag tag) {
        TlvType container = open.peek();
        boolean anonymous = tag == TlvTag.anonymous();
        if (container == TlvType.ARRAY && !anonymous) {
            throw new IllegalArgumentException("array members must be anonymous, got " + tag);
        }
        if (container == TlvType.STRUCTURE && anonymous) {
            throw new IllegalArgumentException("structure members must be tagged");
        }
        if (tag instanceof TlvTag.Context && container != TlvType.STRUCTURE && container != TlvType.LIST) {
            throw new IllegalArgumentException("context tags are only allowed in a structure or list");
        }
    }

    static int signedWidth(long value) {
        if (value == (byte) value) {
            return 1;
        }
        if (value == (short) value) {
            return 2;
        }
        if (value == (int) value) {
            return 4;
        }
        return 8;
    }

    static int unsignedWidth(long value) {
        if (Long.compareUnsigned(value, 0xFFL) <= 0) {
            return 1;
        }
        if (Long.compareUnsigned(value, 0xFFFFL) <= 0) {
            return 2;
        }
        if (Long.compareUnsigned(value, 0xFFFF_FFFFL) <= 0) {
            return 4;
        }
        return 8;
    }

    private static int widthCode(int width) {
        return switch (width) {
            case 1 -> 0;
            case 2 -> 1;
            case 4 -> 2;
            default -> 3;
        };
    }

    private void writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    private void writeLittleEndian(long value, int width) {
        ensure(width);
        for (int i = 0; i < width; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
