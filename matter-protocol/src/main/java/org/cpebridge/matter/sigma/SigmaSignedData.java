package org.cpebridge.matter.sigma;

import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * TBSData2 / TBSData3 (Matter core spec 4.14.2.3): what the sender signs with its operational key. Tag 1 sender NOC,
 * 2 sender ICAC (optional), 3 sender ephemeral public key, 4 receiver ephemeral public key. Only ever encoded (the
 * verifier rebuilds it from what it knows), so there is no decoder.
 */
public record SigmaSignedData(Bytes senderNoc, Optional<Bytes> senderIcac, Bytes senderEphPubKey,
        Bytes receiverEphPubKey) {

    /** Checks presence. */
    public SigmaSignedData {
        Objects.requireNonNull(senderNoc, "senderNoc");
        Objects.requireNonNull(senderIcac, "senderIcac");
        Objects.requireNonNull(senderEphPubKey, "senderEphPubKey");
        Objects.requireNonNull(receiverEphPubKey, "receiverEphPubKey");
    }

    /** The TLV bytes that are signed. */
    public byte[] encode() {
        TlvWriter writer = new TlvWriter().startStructure(TlvTag.anonymous());
        writer.putBytes(TlvTag.context(1), senderNoc);
        senderIcac.ifPresent(icac -> writer.putBytes(TlvTag.context(2), icac));
        writer.putBytes(TlvTag.context(3), senderEphPubKey);
        writer.putBytes(TlvTag.context(4), receiverEphPubKey);
        return writer.endContainer().toByteArray();
    }
}
