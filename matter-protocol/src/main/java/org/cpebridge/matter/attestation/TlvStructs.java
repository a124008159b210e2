package org.cpebridge.matter.attestation;

import java.util.List;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvReader;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;

/** Small helpers to read one anonymous top-level TLV structure and its typed members. */
final class TlvStructs {

    private TlvStructs() {
    }

    /** Reads exactly one anonymous structure and nothing after it. */
    static List<TlvElement> members(byte[] encoded, String what) throws AttestationException {
        try {
            TlvReader reader = new TlvReader(encoded);
            if (!reader.next()) {
                throw new AttestationException(Reason.MALFORMED, what + " is empty");
            }
            TlvElement element = reader.readElement();
            if (!(element instanceof TlvElement.Structure structure) || element.tag() != TlvTag.anonymous()) {
                throw new AttestationException(Reason.MALFORMED, what + " is not an anonymous structure");
            }
            if (reader.next()) {
                throw new AttestationException(Reason.MALFORMED, what + " has bytes after its structure");
            }
            return structure.members();
        } catch (TlvException e) {
            throw new AttestationException(Reason.MALFORMED, what + " is not valid TLV: " + e.getMessage(), e);
        }
    }

    /** The context tag number of a member, or -1 for any other tag form. */
    static int contextNumber(TlvElement member) {
        return member.tag() instanceof TlvTag.Context context ? context.number() : -1;
    }

    static Bytes octets(TlvElement member, String what) throws AttestationException {
        if (member instanceof TlvElement.Octets octets) {
            return octets.value();
        }
        throw new AttestationException(Reason.MALFORMED, what + " is not an octet string");
    }

    static String utf8(TlvElement member, String what) throws AttestationException {
        if (member instanceof TlvElement.Utf8 text) {
            return text.value();
        }
        throw new AttestationException(Reason.MALFORMED, what + " is not a UTF-8 string");
    }

    /** An unsigned integer no larger than {@code max}. */
    static long unsigned(TlvElement member, long max, String what) throws AttestationException {
        if (!(member instanceof TlvElement.UnsignedInt integer)) {
            throw new AttestationException(Reason.MALFORMED, what + " is not an unsigned integer");
        }
        if (Long.compareUnsigned(integer.value(), max) > 0) {
            throw new AttestationException(Reason.MALFORMED, what + " out of range: "
                    + Long.toUnsignedString(integer.value()));
        }
        return integer.value();
    }
}
