package org.cpebridge.matter.tlv;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cpebridge.bytes.Bytes;

/**
 * Streaming pull decoder for Matter TLV (Core spec Appendix A). Call {@link #next()} to step to the next element of
 * the current container; read a scalar with the typed getters, or {@link #enterContainer()} a container (a container
 * not entered is skipped by the following {@code next()}). Integers of any encoded width are accepted.
 *
 * <p>Rejects with {@link TlvException}: truncated input, lengths beyond the input, reserved element types, tags not
 * allowed where they stand (anonymous in a structure, tagged in an array, context tag outside structure/list), an
 * end-of-container outside a container or with a tag, a container still open at the end of input, nesting deeper
 * than the configured limit and invalid UTF-8.
 *
 * <p>Not thread-safe; one reader per message.
 */
public final class TlvReader {

    /** Default nesting limit; Interaction Model messages stay well below it. */
    public static final int DEFAULT_MAX_DEPTH = 24;

    private final ByteBuffer input;
    private final int maxDepth;
    private final Deque<TlvType> containers = new ArrayDeque<>();

    private TlvType type;
    private TlvTag tag;
    private long scalar;
    private byte[] octets;
    private boolean containerPending;
    private boolean containerEnded;

    /** Reads {@code data} (not copied: do not change it while reading). */
    public TlvReader(byte[] data) {
        this(ByteBuffer.wrap(data), DEFAULT_MAX_DEPTH);
    }

    /** Reads the remaining bytes of {@code data} (its position is not moved) with a nesting limit. */
    public TlvReader(ByteBuffer data, int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        this.input = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.maxDepth = maxDepth;
    }

    /**
     * Steps to the next element of the current container.
     *
     * @return false at the end of the current container, or at the end of input at top level
     */
    public boolean next() throws TlvException {
        if (containerPending) {
            enterContainer();
            exitContainer();
        }
        type = null;
        tag = null;
        octets = null;
        if (containerEnded) {
            return false;
        }
        if (!input.hasRemaining()) {
            if (!containers.isEmpty()) {
                throw new TlvException("input ends inside an open " + containers.peek());
            }
            return false;
        }
        int control = input.get() & 0xFF;
        int elementType = control & TlvCodes.ELEMENT_TYPE_MASK;
        int tagControl = control & TlvCodes.TAG_CONTROL_MASK;
        if (elementType == TlvCodes.END_OF_CONTAINER) {
            if (containers.isEmpty()) {
                throw new TlvException("end of container at top level, offset " + (input.position() - 1));
            }
            if (tagControl != TlvCodes.TAG_ANONYMOUS) {
                throw new TlvException("end of container with a tag, offset " + (input.position() - 1));
            }
            containerEnded = true;
            return false;
        }
        if (elementType > TlvCodes.END_OF_CONTAINER) {
            throw new TlvException(String.format("reserved element type 0x%02x at offset %d", elementType,
                    input.position() - 1));
        }
        TlvTag readTag = readTag(tagControl);
        checkTagAllowed(readTag);
        tag = readTag;
        readValue(elementType);
        return true;
    }

    /** Type of the current element; {@code null} before the first {@code next()} or after it returned false. */
    public TlvType type() {
        return type;
    }

    /** Tag of the current element. */
    public TlvTag tag() {
        return tag;
    }

    /** Value of the current signed integer. */
    public long signedValue() {
        expect(TlvType.SIGNED_INT);
        return scalar;
    }

    /** Value of the current unsigned integer, as an unsigned 64-bit value in a {@code long}. */
    public long unsignedValue() {
        expect(TlvType.UNSIGNED_INT);
        return scalar;
    }

    /** Value of the current boolean. */
    public boolean booleanValue() {
        expect(TlvType.BOOLEAN);
        return scalar != 0;
    }

    /** Value of the current single-precision float. */
    public float floatValue() {
        expect(TlvType.FLOAT);
        return Float.intBitsToFloat((int) scalar);
    }

    /** Value of the current double-precision float. */
    public double doubleValue() {
        expect(TlvType.DOUBLE);
        return Double.longBitsToDouble(scalar);
    }

    /** Value of the current UTF-8 string. */
    public String stringValue() throws TlvException {
        expect(TlvType.UTF8_STRING);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new TlvException("invalid UTF-8 in string with tag " + tag);
        }
    }

    /** Value of the current octet string. */
    public Bytes bytesValue() {
        expect(TlvType.OCTET_STRING);
        return Bytes.of(octets);
    }

    /** Enters the current container; {@link #next()} then walks its members. */
    public void enterContainer() throws TlvException {
        if (type == null || !type.isContainer() || !containerPending) {
            throw new IllegalStateException("current element is not a container that can be entered");
        }
        if (containers.size() >= maxDepth) {
            throw new TlvException("nesting deeper than " + maxDepth);
        }
        containers.push(type);
        containerPending = false;
        containerEnded = false;
    }

    /** Skips what is left of the current container and returns to its parent. */
    public void exitContainer() throws TlvException {
        if (containers.isEmpty()) {
            throw new IllegalStateException("not inside a container");
        }
        while (next()) {
            // Members not read are skipped; next() skips nested containers itself.
        }
        containers.pop();
        containerEnded = false;
        type = null;
        tag = null;
    }

    /** Nesting depth of the current position: 0 at top level. */
    public int depth() {
        return containers.size();
    }

    /** Bytes consumed so far. */
    public int position() {
        return input.position();
    }

    /** Reads the current element, with everything inside it, as a tree. */
    public TlvElement readElement() throws TlvException {
        if (type == null) {
            throw new IllegalStateException("no current element");
        }
        TlvTag elementTag = tag;
        switch (type) {
            case SIGNED_INT:
                return new TlvElement.SignedInt(elementTag, scalar);
            case UNSIGNED_INT:
                return new TlvElement.UnsignedInt(elementTag, scalar);
            case BOOLEAN:
                return new TlvElement.Bool(elementTag, scalar != 0);
            case FLOAT:
                return new TlvElement.Float32(elementTag, floatValue());
            case DOUBLE:
                return new TlvElement.Float64(elementTag, doubleValue());
            case UTF8_STRING:
                return new TlvElement.Utf8(elementTag, stringValue());
            case OCTET_STRING:
                return new TlvElement.Octets(elementTag, bytesValue());
            case NULL:
                return new TlvElement.Null(elementTag);
            default:
                return readContainer(elementTag, type);
        }
    }

    private TlvElement readContainer(TlvTag containerTag, TlvType containerType) throws TlvException {
        List<TlvElement> members = new ArrayList<>();
        Set<TlvTag> seen = new HashSet<>();
        enterContainer();
        while (next()) {
            if (containerType == TlvType.STRUCTURE && !seen.add(tag)) {
                throw new TlvException("structure member tag repeated: " + tag);
            }
            members.add(readElement());
        }
        exitContainer();
        switch (containerType) {
            case STRUCTURE:
                return new TlvElement.Structure(containerTag, members);
            case ARRAY:
                return new TlvElement.Array(containerTag, members);
            default:
                return new TlvElement.ListOf(containerTag, members);
        }
    }

    private TlvTag readTag(int tagControl) throws TlvException {
        switch (tagControl) {
            case TlvCodes.TAG_ANONYMOUS:
                return TlvTag.anonymous();
            case TlvCodes.TAG_CONTEXT:
                return TlvTag.context((int) readUnsigned(1));
            case TlvCodes.TAG_COMMON_2:
                return new TlvTag.CommonProfile(readUnsigned(2));
            case TlvCodes.TAG_COMMON_4:
                return new TlvTag.CommonProfile(readUnsigned(4));
            case TlvCodes.TAG_IMPLICIT_2:
                return new TlvTag.ImplicitProfile(readUnsigned(2));
            case TlvCodes.TAG_IMPLICIT_4:
                return new TlvTag.ImplicitProfile(readUnsigned(4));
            case TlvCodes.TAG_FULLY_QUALIFIED_6:
                return new TlvTag.FullyQualified((int) readUnsigned(2), (int) readUnsigned(2), readUnsigned(2));
            default:
                return new TlvTag.FullyQualified((int) readUnsigned(2), (int) readUnsigned(2), readUnsigned(4));
        }
    }

    private void checkTagAllowed(TlvTag readTag) throws TlvException {
        TlvType container = containers.peek();
        boolean anonymous = readTag == TlvTag.anonymous();
        if (container == TlvType.ARRAY && !anonymous) {
            throw new TlvException("tagged member " + readTag + " in an array");
        }
        if (container == TlvType.STRUCTURE && anonymous) {
            throw new TlvException("anonymous member in a structure");
        }
        if (readTag instanceof TlvTag.Context && container != TlvType.STRUCTURE && container != TlvType.LIST) {
            throw new TlvException("context tag " + readTag + " outside a structure or list");
        }
    }

    private void readValue(int elementType) throws TlvException {
        if (elementType <= 0x03) {
            type = TlvType.SIGNED_INT;
            scalar = readSigned(1 << elementType);
        } else if (elementType <= 0x07) {
            type = TlvType.UNSIGNED_INT;
            scalar = readUnsigned(1 << (elementType - 0x04));
        } else if (elementType == TlvCodes.BOOLEAN_FALSE || elementType == TlvCodes.BOOLEAN_TRUE) {
            type = TlvType.BOOLEAN;
            scalar = elementType == TlvCodes.BOOLEAN_TRUE ? 1 : 0;
        } else if (elementType == TlvCodes.FLOAT_4) {
            type = TlvType.FLOAT;
            scalar = readUnsigned(4);
        } else if (elementType == TlvCodes.FLOAT_8) {
            type = TlvType.DOUBLE;
            scalar = readUnsigned(8);
        } else if (elementType <= 0x0F) {
            type = TlvType.UTF8_STRING;
            octets = readOctets(1 << (elementType - TlvCodes.UTF8_LENGTH_1));
        } else if (elementType <= 0x13) {
            type = TlvType.OCTET_STRING;
            octets = readOctets(1 << (elementType - TlvCodes.OCTETS_LENGTH_1));
        } else if (elementType == TlvCodes.NULL) {
            type = TlvType.NULL;
        } else {
            type = elementType == TlvCodes.STRUCTURE ? TlvType.STRUCTURE
                    : elementType == TlvCodes.ARRAY ? TlvType.ARRAY : TlvType.LIST;
            containerPending = true;
        }
    }

    private byte[] readOctets(int lengthWidth) throws TlvException {
        long length = readUnsigned(lengthWidth);
        if (length < 0 || length > input.remaining()) {
            throw new TlvException("string length " + Long.toUnsignedString(length) + " exceeds the "
                    + input.remaining() + " bytes left, offset " + input.position());
        }
        byte[] value = new byte[(int) length];
        input.get(value);
        return value;
    }

    private long readSigned(int width) throws TlvException {
        long raw = readUnsigned(width);
        int unusedBits = 64 - 8 * width;
        return (raw << unusedBits) >> unusedBits;
    }

    private long readUnsigned(int width) throws TlvException {
        if (input.remaining() < width) {
            throw new TlvException("truncated: need " + width + " bytes at offset " + input.position() + ", have "
                    + input.remaining());
        }
        long value = 0;
        for (int i = 0; i < width; i++) {
            value |= (input.get() & 0xFFL) << (8 * i);
        }
        return value;
    }

    private void expect(TlvType wanted) {
        if (type != wanted) {
            throw new IllegalStateException("current element is " + type + ", not " + wanted);
        }
    }
}
