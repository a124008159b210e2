package org.cpebridge.securetime.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cpebridge.bytes.Bytes;

/**
 * A Roughtime tag/value message (draft-ietf-ntp-roughtime-19 section 5.2): {@code u32 N}, {@code N-1} u32 offsets,
 * {@code N} u32 tags strictly ascending, then the values. Every offset is a multiple of 4 and not less than the
 * previous one; the first value starts at offset 0; each value's length is a multiple of 4. Immutable.
 *
 * @param fields the values by tag, iterated in wire order
 */
public record RtMessage(Map<Tag, Bytes> fields) {

    public RtMessage {
        TreeMap<Tag, Bytes> sorted = new TreeMap<>(fields);
        for (Map.Entry<Tag, Bytes> field : sorted.entrySet()) {
            if (field.getValue().length() % 4 != 0) {
                throw new IllegalArgumentException("value of " + field.getKey() + " is " + field.getValue().length()
                        + " bytes, not a multiple of 4");
            }
        }
        fields = Collections.unmodifiableSortedMap(sorted);
    }

    /** Builds messages field by field. */
    public static Builder builder() {
        return new Builder();
    }

    public Optional<Bytes> get(Tag tag) {
        return Optional.ofNullable(fields.get(tag));
    }

    /** The value of a field that must be present. */
    public Bytes require(Tag tag) throws MalformedMessageException {
        Bytes value = fields.get(tag);
        if (value == null) {
            throw new MalformedMessageException("missing " + tag);
        }
        return value;
    }

    /** A field of exactly {@code length} bytes. */
    public Bytes requireLength(Tag tag, int length) throws MalformedMessageException {
        Bytes value = require(tag);
        if (value.length() != length) {
            throw new MalformedMessageException(tag + " is " + value.length() + " bytes, expected " + length);
        }
        return value;
    }

    /** A u32 field, as an unsigned value. */
    public long requireU32(Tag tag) throws MalformedMessageException {
        return Integer.toUnsignedLong(requireLength(tag, 4).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    /** A u64 field; values above 2^63-1 (no time a server could mean) are malformed. */
    public long requireU64(Tag tag) throws MalformedMessageException {
        long value = requireLength(tag, 8).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (value < 0) {
            throw new MalformedMessageException(tag + " is beyond 2^63-1");
        }
        return value;
    }

    /** A list of u32 values (VER, VERS); a non-empty multiple of 4 bytes. */
    public List<Long> requireU32List(Tag tag) throws MalformedMessageException {
        Bytes value = require(tag);
        if (value.length() == 0) {
            throw new MalformedMessageException(tag + " is empty");
        }
        ByteBuffer buffer = value.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<Long> list = new ArrayList<>();
        while (buffer.hasRemaining()) {
            list.add(Integer.toUnsignedLong(buffer.getInt()));
        }
        return List.copyOf(list);
    }

    /** A nested message. */
    public RtMessage requireMessage(Tag tag) throws MalformedMessageException {
        return decode(require(tag).asByteBuffer());
    }

    /** The encoded size, without encoding. */
    public int encodedLength() {
        int size = fields.isEmpty() ? 4 : 8 * fields.size();
        for (Bytes value : fields.values()) {
            size += value.length();
        }
        return size;
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(encodedLength()).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(fields.size());
        int offset = 0;
        boolean first = true;
        for (Bytes value : fields.values()) {
            if (!first) {
                out.putInt(offset);
            }
            first = false;
            offset += value.length();
        }
        for (Tag tag : fields.keySet()) {
            out.putInt(tag.value());
        }
        for (Bytes value : fields.values()) {
            out.put(value.asByteBuffer());
        }
        return out.array();
    }

    /**
     * Decodes the buffer's remaining bytes as one whole message. Does not move the buffer's position.
     *
     * @throws MalformedMessageException for any breach of the rules above, with the reason
     */
    public static RtMessage decode(ByteBuffer source) throws MalformedMessageException {
        ByteBuffer in = source.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int length = in.remaining();
        if (length < 4) {
            throw new MalformedMessageException("message of " + length + " bytes is shorter than its tag count");
        }
        if (length % 4 != 0) {
            throw new MalformedMessageException("message length " + length + " is not a multiple of 4");
        }
        long count = Integer.toUnsignedLong(in.getInt());
        if (count == 0) {
            if (length != 4) {
                throw new MalformedMessageException("message with no tags has " + (length - 4) + " trailing bytes");
            }
            return new RtMessage(Map.of());
        }
        // Header: count, count-1 offsets, count tags = 8*count bytes; checked before any allocation.
        if (count > length / 8) {
            throw new MalformedMessageException(count + " tags do not fit in " + length + " bytes");
        }
        int n = (int) count;
        int headerLength = 8 * n;
        int valuesLength = length - headerLength;
        int[] offsets = new int[n + 1];
        for (int i = 1; i < n; i++) {
            long offset = Integer.toUnsignedLong(in.getInt());
            if (offset % 4 != 0) {
                throw new MalformedMessageException("offset " + offset + " of value " + i + " is not a multiple of 4");
            }
            if (offset < offsets[i - 1]) {
                throw new MalformedMessageException("offset " + offset + " of value " + i + " is before offset "
                        + offsets[i - 1] + " of the previous value");
            }
            if (offset > valuesLength) {
                throw new MalformedMessageException("offset " + offset + " of value " + i + " is beyond the "
                        + valuesLength + " bytes of values");
            }
            offsets[i] = (int) offset;
        }
        offsets[n] = valuesLength;
        TreeMap<Tag, Bytes> fields = new TreeMap<>();
        Tag previous = null;
        Tag[] tags = new Tag[n];
        for (int i = 0; i < n; i++) {
            Tag tag = new Tag(in.getInt());
            if (previous != null && previous.compareTo(tag) >= 0) {
                throw new MalformedMessageException("tag " + tag + " follows " + previous
                        + ": tags must be strictly ascending");
            }
            tags[i] = tag;
            previous = tag;
        }
        int valuesStart = in.position();
        for (int i = 0; i < n; i++) {
            ByteBuffer value = in.duplicate();
            value.position(valuesStart + offsets[i]).limit(valuesStart + offsets[i + 1]);
            fields.put(tags[i], Bytes.of(value));
        }
        return new RtMessage(fields);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final TreeMap<Tag, Bytes> fields = new TreeMap<>();

        public Builder put(Tag tag, Bytes value) {
            fields.put(tag, value);
            return this;
        }

        public Builder put(Tag tag, byte[] value) {
            return put(tag, Bytes.of(value));
        }

        public Builder putU32(Tag tag, long value) {
            return put(tag, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
        }

        public Builder putU64(Tag tag, long value) {
            return put(tag, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }

        public Builder putU32List(Tag tag, List<Long> values) {
            ByteBuffer buffer = ByteBuffer.allocate(4 * values.size()).order(ByteOrder.LITTLE_ENDIAN);
            values.forEach(v -> buffer.putInt(v.intValue()));
            return put(tag, buffer.array());
        }

        public Builder put(Tag tag, RtMessage nested) {
            return put(tag, nested.encode());
        }

        public RtMessage build() {
            return new RtMessage(fields);
        }
    }
}
