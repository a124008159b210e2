package org.cpebridge.matter.bridge;

import java.util.List;
import java.util.Optional;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/** Small TLV helpers for cluster values and command fields. Stateless. */
final class Tlv {

    private Tlv() {
    }

    static TlvElement uint(long value) {
        return new TlvElement.UnsignedInt(TlvTag.anonymous(), value);
    }

    static TlvElement sint(long value) {
        return new TlvElement.SignedInt(TlvTag.anonymous(), value);
    }

    static TlvElement bool(boolean value) {
        return new TlvElement.Bool(TlvTag.anonymous(), value);
    }

    static TlvElement text(String value) {
        return new TlvElement.Utf8(TlvTag.anonymous(), value);
    }

    static TlvElement nul() {
        return new TlvElement.Null(TlvTag.anonymous());
    }

    static TlvElement uints(List<Long> values) {
        return new TlvElement.Array(TlvTag.anonymous(), values.stream().map(Tlv::uint).toList());
    }

    static TlvElement struct(TlvElement... members) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(members));
    }

    static TlvElement field(int tag, TlvElement value) {
        return org.cpebridge.matter.im.ImTlv.withTag(value, TlvTag.context(tag));
    }

    /** A required unsigned field of a command; missing or of the wrong type is INVALID_COMMAND. */
    static long requiredUnsigned(TlvElement.Structure fields, int tag, long max) throws ImException {
        Optional<TlvElement> member = fields.member(tag);
        if (member.isEmpty() || !(member.get() instanceof TlvElement.UnsignedInt value)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "field " + tag + " missing or not an unsigned integer");
        }
        if (Long.compareUnsigned(value.value(), max) > 0) {
            throw new ImException(ImStatus.CONSTRAINT_ERROR, "field " + tag + " above " + max);
        }
        return value.value();
    }

    /** A required signed field of a command; missing or of the wrong type is INVALID_COMMAND. */
    static long requiredSigned(TlvElement.Structure fields, int tag, long min, long max) throws ImException {
        Optional<TlvElement> member = fields.member(tag);
        long value;
        if (member.isPresent() && member.get() instanceof TlvElement.SignedInt signed) {
            value = signed.value();
        } else if (member.isPresent() && member.get() instanceof TlvElement.UnsignedInt unsigned
                && unsigned.value() >= 0 && unsigned.value() <= max) {
            value = unsigned.value();
        } else {
            throw new ImException(ImStatus.INVALID_COMMAND, "field " + tag + " missing or not an integer");
        }
        if (value < min || value > max) {
            throw new ImException(ImStatus.CONSTRAINT_ERROR, "field " + tag + " outside " + min + ".." + max);
        }
        return value;
    }

    /** An optional nullable unsigned field: empty when absent or null. */
    static Optional<Long> optionalUnsigned(TlvElement.Structure fields, int tag) throws ImException {
        Optional<TlvElement> member = fields.member(tag);
        if (member.isEmpty() || member.get() instanceof TlvElement.Null) {
            return Optional.empty();
        }
        if (!(member.get() instanceof TlvElement.UnsignedInt value)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "field " + tag + " not an unsigned integer");
        }
        return Optional.of(value.value());
    }
}
