package org.cpebridge.matter.pase;

import java.util.Optional;
import java.util.OptionalLong;

import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.bytes.Bytes;

/** Typed access to the context-tagged members of a decoded TLV structure, with field-named errors. */
final class TlvFields {

    private final TlvElement.Structure structure;
    private final String what;

    private TlvFields(TlvElement.Structure structure, String what) {
        this.structure = structure;
        this.what = what;
    }

    /** Decodes {@code payload} as exactly one anonymous structure. */
    static TlvFields decode(byte[] payload, String what) throws PaseMessageException {
        TlvElement element;
        try {
            element = TlvElement.decode(payload);
        } catch (TlvException e) {
            throw new PaseMessageException(what + ": malformed TLV", e);
        }
        return of(element, what);
    }

    static TlvFields of(TlvElement element, String what) throws PaseMessageException {
        if (!(element instanceof TlvElement.Structure structure)) {
            throw new PaseMessageException(what + ": not a structure");
        }
        return new TlvFields(structure, what);
    }

    Bytes bytes(int tag, int minLength, int maxLength) throws PaseMessageException {
        return optionalBytes(tag, minLength, maxLength)
                .orElseThrow(() -> new PaseMessageException(what + ": missing field " + tag));
    }

    Optional<Bytes> optionalBytes(int tag, int minLength, int maxLength) throws PaseMessageException {
        Optional<TlvElement> member = structure.member(tag);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        if (!(member.get() instanceof TlvElement.Octets octets)) {
            throw new PaseMessageException(what + ": field " + tag + " is not an octet string");
        }
        int length = octets.value().length();
        if (length < minLength || length > maxLength) {
            throw new PaseMessageException(what + ": field " + tag + " has length " + length);
        }
        return Optional.of(octets.value());
    }

    long unsigned(int tag, long max) throws PaseMessageException {
        OptionalLong value = optionalUnsigned(tag, max);
        if (value.isEmpty()) {
            throw new PaseMessageException(what + ": missing field " + tag);
        }
        return value.getAsLong();
    }

    OptionalLong optionalUnsigned(int tag, long max) throws PaseMessageException {
        Optional<TlvElement> member = structure.member(tag);
        if (member.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!(member.get() instanceof TlvElement.UnsignedInt number)) {
            throw new PaseMessageException(what + ": field " + tag + " is not an unsigned integer");
        }
        if (Long.compareUnsigned(number.value(), max) > 0) {
            throw new PaseMessageException(what + ": field " + tag + " out of range");
        }
        return OptionalLong.of(number.value());
    }

    boolean bool(int tag) throws PaseMessageException {
        Optional<TlvElement> member = structure.member(tag);
        if (member.isEmpty()) {
            throw new PaseMessageException(what + ": missing field " + tag);
        }
        if (!(member.get() instanceof TlvElement.Bool bool)) {
            throw new PaseMessageException(what + ": field " + tag + " is not a boolean");
        }
        return bool.value();
    }

    Optional<TlvFields> optionalStruct(int tag, String name) throws PaseMessageException {
        Optional<TlvElement> member = structure.member(tag);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(member.get(), what + "." + name));
    }
}
