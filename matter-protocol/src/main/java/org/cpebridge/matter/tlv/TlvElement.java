package org.cpebridge.matter.tlv;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.bytes.Bytes;

/**
 * An immutable TLV element tree, for tests and for messages small enough to materialise. Large payloads should use
 * {@link TlvReader} and {@link TlvWriter} directly.
 */
public sealed interface TlvElement {

    /** The element's tag. */
    TlvTag tag();

    /** The element's type. */
    TlvType type();

    /** Signed integer; encoded in the fewest octets (1, 2, 4 or 8) that hold it. */
    record SignedInt(TlvTag tag, long value) implements TlvElement {
        public SignedInt {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public TlvType type() {
            return TlvType.SIGNED_INT;
        }
    }

    /** Unsigned integer of up to 64 bits, held in a {@code long} read as unsigned. */
    record UnsignedInt(TlvTag tag, long value) implements TlvElement {
        public UnsignedInt {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public TlvType type() {
            return TlvType.UNSIGNED_INT;
        }

        @Override
        public String toString() {
            return "UnsignedInt[tag=" + tag + ", value=" + Long.toUnsignedString(value) + "]";
        }
    }

    /** Boolean. */
    record Bool(TlvTag tag, boolean value) implements TlvElement {
        public Bool {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public TlvType type() {
            return TlvType.BOOLEAN;
        }
    }

    /** Single-precision float. */
    record Float32(TlvTag tag, float value) implements TlvElement {
        public Float32 {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public TlvType type() {
            return TlvType.FLOAT;
        }
    }

    /** Double-precision float. */
    record Float64(TlvTag tag, double value) implements TlvElement {
        public Float64 {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public TlvType type() {
            return TlvType.DOUBLE;
        }
    }

    /** UTF-8 string. */
    record Utf8(TlvTag tag, String value) implements TlvElement {
        public Utf8 {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public TlvType type() {
            return TlvType.UTF8_STRING;
        }
    }

    /** Octet string. */
    record Octets(TlvTag tag, Bytes value) implements TlvElement {
        public Octets {
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public TlvType type() {
            return TlvType.OCTET_STRING;
        }
    }

    /** Null. */
    record Null(TlvTag tag) implements TlvElement {
        public Null {
            Objects.requireNonNull(tag, "tag");
        }

        @Override
        public TlvType type() {
            return TlvType.NULL;
        }
    }

    /** Structure: members with distinct, non-anonymous tags, kept in the order given. */
    record Structure(TlvTag tag, List<TlvElement> members) implements TlvElement {
        public Structure {
            Objects.requireNonNull(tag, "tag");
            members = List.copyOf(members);
            Set<TlvTag> seen = new HashSet<>();
            for (TlvElement member : members) {
                if (member.tag() == TlvTag.anonymous()) {
                    throw new IllegalArgumentException("structure member with an anonymous tag");
                }
                if (!seen.add(member.tag())) {
                    throw new IllegalArgumentException("structure member tag repeated: " + member.tag());
                }
            }
        }

        @Override
        public TlvType type() {
            return TlvType.STRUCTURE;
        }

        /** The member with context tag {@code number}, if any. */
        public Optional<TlvElement> member(int number) {
            TlvTag wanted = TlvTag.context(number);
            return members.stream().filter(m -> m.tag().equals(wanted)).findFirst();
        }
    }

    /** Array: ordered members, all anonymous. */
    record Array(TlvTag tag, List<TlvElement> members) implements TlvElement {
        public Array {
            Objects.requireNonNull(tag, "tag");
            members = List.copyOf(members);
            for (TlvElement member : members) {
                if (member.tag() != TlvTag.anonymous()) {
                    throw new IllegalArgumentException("array member with a tag: " + member.tag());
                }
            }
        }

        @Override
        public TlvType type() {
            return TlvType.ARRAY;
        }
    }

    /** List: ordered members, tagged or not, tags may repeat. */
    record ListOf(TlvTag tag, List<TlvElement> members) implements TlvElement {
        public ListOf {
            Objects.requireNonNull(tag, "tag");
            members = List.copyOf(members);
        }

        @Override
        public TlvType type() {
            return TlvType.LIST;
        }
    }

    /** Encodes this element alone. */
    default byte[] encode() {
        TlvWriter writer = new TlvWriter();
        writer.put(this);
        return writer.toByteArray();
    }

    /**
     * Decodes exactly one element filling the whole input.
     *
     * @throws TlvException if the input is malformed, empty, or has bytes after the element
     */
    static TlvElement decode(byte[] encoded) throws TlvException {
        TlvReader reader = new TlvReader(encoded);
        if (!reader.next()) {
            throw new TlvException("no element in input");
        }
        TlvElement element = reader.readElement();
        if (reader.next()) {
            throw new TlvException("trailing data after the element at offset " + reader.position());
        }
        return element;
    }
}
