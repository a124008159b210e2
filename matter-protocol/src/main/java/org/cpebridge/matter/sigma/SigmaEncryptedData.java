package org.cpebridge.matter.sigma;

import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * TBEData2 / TBEData3 (Matter core spec 4.14.2.3), the plaintext inside Sigma2's and Sigma3's encrypted field:
 * tag 1 sender NOC, 2 sender ICAC (optional), 3 signature over TBSData (raw r||s), 4 resumptionID (TBEData2 only).
 */
public record SigmaEncryptedData(Bytes senderNoc, Optional<Bytes> senderIcac, Bytes signature,
        Optional<Bytes> resumptionId) {

    /** Largest Matter TLV certificate accepted (the SDK's kMaxCHIPCertLength). */
    public static final int MAX_CERTIFICATE_LENGTH = 400;

    /** Checks lengths. */
    public SigmaEncryptedData {
        Objects.requireNonNull(senderNoc, "senderNoc");
        Objects.requireNonNull(senderIcac, "senderIcac");
        if (Objects.requireNonNull(signature, "signature").length() != Ecdsa.RAW_SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be 64 bytes");
        }
        Objects.requireNonNull(resumptionId, "resumptionId").ifPresent(id -> {
            if (id.length() != SigmaMessage.RESUMPTION_ID_LENGTH) {
                throw new IllegalArgumentException("resumptionId must be 16 bytes");
            }
        });
    }

    /** The TLV plaintext. */
    public byte[] encode() {
        TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous());
        writer.putBytes(TlvTag.context(1), senderNoc);
        senderIcac.ifPresent(icac -> writer.putBytes(TlvTag.context(2), icac));
        writer.putBytes(TlvTag.context(3), signature);
        resumptionId.ifPresent(id -> writer.putBytes(TlvTag.context(4), id));
        return writer.endContainer().toByteArray();
    }

    /**
     * Decodes a decrypted TBEData.
     *
     * @param expectResumptionId true for TBEData2 (tag 4 required), false for TBEData3 (tag 4 ignored)
     */
    public static SigmaEncryptedData decode(byte[] plain, boolean expectResumptionId) throws SigmaMessageException {
        String what = expectResumptionId ? "TBEData2" : "TBEData3";
        SigmaFields fields = SigmaFields.decode(plain, what);
        Bytes noc = fields.bytes(1, 1, MAX_CERTIFICATE_LENGTH);
        Optional<Bytes> icac = fields.optionalBytes(2, 1, MAX_CERTIFICATE_LENGTH);
        Bytes signature = fields.bytes(3, Ecdsa.RAW_SIGNATURE_LENGTH, Ecdsa.RAW_SIGNATURE_LENGTH);
        Optional<Bytes> resumption = expectResumptionId
                ? Optional.of(fields.bytes(4, SigmaMessage.RESUMPTION_ID_LENGTH, SigmaMessage.RESUMPTION_ID_LENGTH))
                : Optional.empty();
        return new SigmaEncryptedData(noc, icac, signature, resumption);
    }
}
