package org.cpebridge.matter.attestation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * The attestation_elements of an AttestationResponse (Matter core spec 11.18.4.7): the Certification Declaration,
 * the commissioner's nonce, a timestamp, optional firmware information and vendor-reserved data, as one anonymous
 * TLV structure. The DAC key signs these bytes followed by the session's attestation challenge.
 *
 * @param certificationDeclaration the CMS-signed CD, DER
 * @param attestationNonce the 32-byte nonce from the AttestationRequest
 * @param timestamp seconds since the Matter epoch (2000-01-01), 0 when the node does not know the time
 * @param firmwareInformation optional firmware measurement
 * @param vendorReserved vendor-reserved elements, kept in encoding order
 */
public record AttestationElements(Bytes certificationDeclaration, Bytes attestationNonce, long timestamp,
                                  Optional<Bytes> firmwareInformation, List<VendorReservedElement> vendorReserved) {

    /** Length of the attestation nonce (spec 11.18.6.1). */
    public static final int NONCE_LENGTH = 32;

    private static final int TAG_CD = 1;
    private static final int TAG_NONCE = 2;
    private static final int TAG_TIMESTAMP = 3;
    private static final int TAG_FIRMWARE = 4;

    public AttestationElements {
        Objects.requireNonNull(certificationDeclaration, "certificationDeclaration");
        Objects.requireNonNull(attestationNonce, "attestationNonce");
        Objects.requireNonNull(firmwareInformation, "firmwareInformation");
        if (certificationDeclaration.length() == 0) {
            throw new IllegalArgumentException("certification declaration is empty");
        }
        if (attestationNonce.length() != NONCE_LENGTH) {
            throw new IllegalArgumentException("attestation nonce must be 32 bytes, got " + attestationNonce.length());
        }
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp out of range 0..2^32-1: " + timestamp);
        }
        vendorReserved = vendorReserved.stream().sorted(VendorReservedElement.ENCODING_ORDER).toList();
    }

    /** Elements without firmware information or vendor-reserved data, as the bridge sends them. */
    public static AttestationElements of(Bytes certificationDeclaration, Bytes attestationNonce, long timestamp) {
        return new AttestationElements(certificationDeclaration, attestationNonce, timestamp, Optional.empty(),
                List.of());
    }

    /** The TLV encoding. */
    public byte[] encode() {
        TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous())
                .putBytes(TlvTag.context(TAG_CD), certificationDeclaration)
                .putBytes(TlvTag.context(TAG_NONCE), attestationNonce)
                .putUnsigned(TlvTag.context(TAG_TIMESTAMP), timestamp);
        firmwareInformation.ifPresent(firmware -> writer.putBytes(TlvTag.context(TAG_FIRMWARE), firmware));
        for (VendorReservedElement element : vendorReserved) {
            writer.putBytes(new TlvTag.FullyQualified(element.vendorId(), element.profileNumber(),
                    element.tagNumber()), element.data());
        }
        return writer.endContainer().toByteArray();
    }

    /**
     * Decodes attestation elements. Known members must come in tag order; unknown context-tagged members are
     * skipped, as the spec asks receivers to do.
     *
     * @throws AttestationException {@code MALFORMED} for bad TLV, missing or out-of-order members, wrong types or a
     *     nonce that is not 32 bytes
     */
    public static AttestationElements decode(byte[] encoded) throws AttestationException {
        Bytes cd = null;
        Bytes nonce = null;
        Long timestamp = null;
        Bytes firmware = null;
        List<VendorReservedElement> vendorReserved = new ArrayList<>();
        int lastKnownTag = 0;
        for (TlvElement member : TlvStructs.members(encoded, "attestation elements")) {
            if (member.tag() instanceof TlvTag.FullyQualified tag) {
                if (tag.number() > 0xFFFF) {
                    throw new AttestationException(Reason.MALFORMED, "vendor-reserved tag number too large");
                }
                vendorReserved.add(new VendorReservedElement(tag.vendorId(), tag.profileNumber(), (int) tag.number(),
                        TlvStructs.octets(member, "vendor-reserved element")));
                continue;
            }
            int number = TlvStructs.contextNumber(member);
            if (number >= TAG_CD && number <= TAG_FIRMWARE) {
                if (number <= lastKnownTag) {
                    throw new AttestationException(Reason.MALFORMED, "attestation element " + number
                            + " out of order");
                }
                lastKnownTag = number;
            }
            switch (number) {
                case TAG_CD -> cd = TlvStructs.octets(member, "certification declaration");
                case TAG_NONCE -> nonce = TlvStructs.octets(member, "attestation nonce");
                case TAG_TIMESTAMP -> timestamp = TlvStructs.unsigned(member, 0xFFFF_FFFFL, "timestamp");
                case TAG_FIRMWARE -> firmware = TlvStructs.octets(member, "firmware information");
                default -> {
                    // Unknown elements are reserved for future versions and ignored.
                }
            }
        }
        if (cd == null || nonce == null || timestamp == null) {
            throw new AttestationException(Reason.MALFORMED, "attestation elements lack CD, nonce or timestamp");
        }
        if (cd.length() == 0 || nonce.length() != NONCE_LENGTH) {
            throw new AttestationException(Reason.MALFORMED, "attestation elements have an empty CD or a nonce of "
                    + nonce.length() + " bytes");
        }
        return new AttestationElements(cd, nonce, timestamp, Optional.ofNullable(firmware), vendorReserved);
    }
}
