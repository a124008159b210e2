package org.cpebridge.matter.commissioning;

import java.util.Optional;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;

/**
 * Reads a command's fields (a structure with context tags) for the commissioning handlers. A missing or mistyped
 * field is an {@link ImStatus#INVALID_COMMAND}.
 */
final class CommandFields {

    private CommandFields() {
    }

    static Optional<TlvElement> field(TlvElement fields, int tag) {
        if (!(fields instanceof TlvElement.Structure structure)) {
            return Optional.empty();
        }
        return structure.members().stream().filter(m -> m.tag().equals(TlvTag.context(tag))).findFirst();
    }

    static long unsigned(TlvElement fields, int tag) throws ImException {
        return unsigned(fields, tag, -1L);
    }

    /** An unsigned field no larger than {@code max} (compared as unsigned; -1 means no bound). */
    static long unsigned(TlvElement fields, int tag, long max) throws ImException {
        TlvElement value = required(fields, tag);
        if (!(value instanceof TlvElement.UnsignedInt number) || Long.compareUnsigned(number.value(), max) > 0) {
            throw new ImException(ImStatus.INVALID_COMMAND, "field " + tag + " must be an unsigned integer");
        }
        return number.value();
    }

    static String text(TlvElement fields, int tag) throws ImException {
        if (!(required(fields, tag) instanceof TlvElement.Utf8 utf8)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "field " + tag + " must be a string");
        }
        return utf8.value();
    }

    /** A present octet string, of any length. */
    static Bytes octets(TlvElement fields, int tag) throws ImException {
        if (!(required(fields, tag) instanceof TlvElement.Octets octets)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "field " + tag + " must be an octet string");
        }
        return octets.value();
    }

    /** An octet string that must carry bytes. */
    static Bytes nonEmptyOctets(TlvElement fields, int tag) throws ImException {
        return optionalOctets(fields, tag).orElseThrow(() ->
                new ImException(ImStatus.INVALID_COMMAND, "missing octet string field " + tag));
    }

    /** An optional octet string: absent, null or empty are all "absent". */
    static Optional<Bytes> optionalOctets(TlvElement fields, int tag) throws ImException {
        Optional<TlvElement> value = field(fields, tag);
        if (value.isEmpty() || value.get() instanceof TlvElement.Null) {
            return Optional.empty();
        }
        if (!(value.get() instanceof TlvElement.Octets octets)) {
            throw new ImException(ImStatus.INVALID_COMMAND, "field " + tag + " must be an octet string");
        }
        // matter.js sends ICACValue as an empty octet string when the chain has no ICAC: that is "absent".
        return octets.value().length() == 0 ? Optional.empty() : Optional.of(octets.value());
    }

    private static TlvElement required(TlvElement fields, int tag) throws ImException {
        return field(fields, tag).orElseThrow(() -> new ImException(ImStatus.INVALID_COMMAND, "missing field " + tag));
    }
}
