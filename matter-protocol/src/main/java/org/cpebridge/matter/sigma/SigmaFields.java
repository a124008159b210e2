package org.cpebridge.matter.sigma;

import java.util.Optional;
import java.util.OptionalLong;

import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.bytes.Bytes;

/** Typed, field-named access to the context-tagged members of one decoded TLV structure. */
final class SigmaFields {

    private final TlvElement.Structure structure;
    private final String what;

    private SigmaFields(TlvElement.Structure structure, String what) {
        this.structure = structure;
        this.what = what;
    }

    /** Decodes {@code payload} as exactly one structure. */
    static SigmaFields decode(byte[] payload, String what) throws SigmaMessageException {
        TlvElement element;
        try {
            element = TlvElement.decode(payload);
        } catch (TlvException | RuntimeException e) {
            throw new SigmaMessageException(what + ": malformed TLV", e);
        }
        return of(element, what);
    }

    static SigmaFields of(TlvElement element, String what) throws SigmaMessageException {
        if (!(element instanceof TlvElement.Structure structure)) {
            throw new SigmaMessageException(what + ": not a structure");
        }
        return new SigmaFields(structure, what);
    }

    Bytes bytes(int tag, int minLength, int maxLength) throws SigmaMessageException {
        return optionalBytes(tag, minLength, maxLength)
                .orElseThrow(() -> new SigmaMessageException(what + ": missing field " + tag));
    }

    Optional<Bytes> optionalBytes(int tag, int minLength, int maxLength) throws SigmaMessageException {
        Optional<TlvElement> member = structure.member(tag);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        if (!(member.get() instanceof TlvElement.Octets octets)) {
            throw new SigmaMessageException(what + ": field " + tag + " is not an octet string");
        }
        int length = octets.value().length();
        if (length < minLength || length > maxLength) {
            throw new SigmaMessageException(what + ": field " + tag + " has length " + length);
        }
        return Optional.of(octets.value());
    }

    long unsigned(int tag, long max) throws SigmaMessageException {
        OptionalLong value = optionalUnsigned(tag, max);
        if (value.isEmpty()) {
            throw new SigmaMessageException(what + ": missing field " + tag);
        }
        return value.getAsLong();
    }

    OptionalLong optionalUnsigned(int tag, long max) throws SigmaMessageException {
        Optional<TlvElement> member = structure.member(tag);
        if (member.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!(member.get() instanceof TlvElement.UnsignedInt number)) {
            throw new SigmaMessageException(what + ": field " + tag + " is not an unsigned integer");
        }
        if (Long.compareUnsigned(number.value(), max) > 0) {
            throw new SigmaMessageException(what + ": field " + tag + " out of range");
        }
        return OptionalLong.of(number.value());
    }

    Optional<SigmaFields> optionalStruct(int tag, String name) throws SigmaMessageException {
        Optional<TlvElement> member = structure.member(tag);
        if (member.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(member.get(), what + "." + name));
    }
}
