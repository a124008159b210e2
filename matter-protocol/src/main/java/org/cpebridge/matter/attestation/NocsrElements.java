package org.cpebridge.matter.attestation;

import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * The NOCSRElements of a CSRResponse (Matter core spec 11.18.5.6): the PKCS#10 CSR for the new operational key, the
 * commissioner's CSR nonce and up to three vendor-reserved octet strings. The DAC key signs these bytes followed by
 * the attestation challenge.
 *
 * @param csr DER PKCS#10 certification request
 * @param csrNonce the 32-byte nonce from the CSRRequest
 * @param vendorReserved1 optional vendor data, tag 3
 * @param vendorReserved2 optional vendor data, tag 4
 * @param vendorReserved3 optional vendor data, tag 5
 */
public record NocsrElements(Bytes csr, Bytes csrNonce, Optional<Bytes> vendorReserved1,
                            Optional<Bytes> vendorReserved2, Optional<Bytes> vendorReserved3) {

    /** Length of the CSR nonce (spec 11.18.6.5). */
    public static final int NONCE_LENGTH = 32;

    public NocsrElements {
        Objects.requireNonNull(csr, "csr");
        Objects.requireNonNull(csrNonce, "csrNonce");
        Objects.requireNonNull(vendorReserved1, "vendorReserved1");
        Objects.requireNonNull(vendorReserved2, "vendorReserved2");
        Objects.requireNonNull(vendorReserved3, "vendorReserved3");
        if (csr.length() == 0) {
            throw new IllegalArgumentException("CSR is empty");
        }
        if (csrNonce.length() != NONCE_LENGTH) {
            throw new IllegalArgumentException("CSR nonce must be 32 bytes, got " + csrNonce.length());
        }
    }

    /** Elements without vendor-reserved data, as the bridge sends them. */
    public static NocsrElements of(Bytes csr, Bytes csrNonce) {
        return new NocsrElements(csr, csrNonce, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The TLV encoding. */
    public byte[] encode() {
        TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous())
                .putBytes(TlvTag.context(1), csr)
                .putBytes(TlvTag.context(2), csrNonce);
        vendorReserved1.ifPresent(data -> writer.putBytes(TlvTag.context(3), data));
        vendorReserved2.ifPresent(data -> writer.putBytes(TlvTag.context(4), data));
        vendorReserved3.ifPresent(data -> writer.putBytes(TlvTag.context(5), data));
        return writer.endContainer().toByteArray();
    }

    /**
     * Decodes NOCSR elements; unknown context tags are skipped.
     *
     * @throws AttestationException {@code MALFORMED} for bad TLV, a missing CSR or nonce, or a nonce that is not
     *     32 bytes
     */
    public static NocsrElements decode(byte[] encoded) throws AttestationException {
        Bytes csr = null;
        Bytes nonce = null;
        Bytes[] reserved = new Bytes[3];
        for (TlvElement member : TlvStructs.members(encoded, "NOCSR elements")) {
            int number = TlvStructs.contextNumber(member);
            switch (number) {
                case 1 -> csr = TlvStructs.octets(member, "CSR");
                case 2 -> nonce = TlvStructs.octets(member, "CSR nonce");
                case 3, 4, 5 -> reserved[number - 3] = TlvStructs.octets(member, "vendor-reserved element");
                default -> {
                    // Unknown elements are ignored.
                }
            }
        }
        if (csr == null || nonce == null || csr.length() == 0 || nonce.length() != NONCE_LENGTH) {
            throw new AttestationException(Reason.MALFORMED, "NOCSR elements lack a CSR or a 32-byte nonce");
        }
        return new NocsrElements(csr, nonce, Optional.ofNullable(reserved[0]), Optional.ofNullable(reserved[1]),
                Optional.ofNullable(reserved[2]));
    }
}
