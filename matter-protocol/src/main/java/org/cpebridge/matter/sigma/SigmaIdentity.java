package org.cpebridge.matter.sigma;

import java.time.Instant;
import java.util.Optional;

import org.cpebridge.matter.cert.CertificateChains;
import org.cpebridge.matter.cert.CertificateFormatException;
import org.cpebridge.matter.cert.CertificateValidationException;
import org.cpebridge.matter.cert.MatterCertificate;
import org.cpebridge.matter.cert.MatterCertificates;
import org.cpebridge.matter.crypto.CryptoException;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.bytes.Bytes;

/**
 * The half of CASE that the initiator (Sigma3) and the responder (Sigma2) do the same way, since TBSData2 and
 * TBSData3 have one layout (Matter core spec 4.14.2.3): the sender signs its NOC, its ICAC and both ephemeral keys,
 * its own first, and sends NOC, ICAC and signature in the TBEData; the receiver checks that the sender's NOC chains
 * to the fabric's root and names that fabric, and that the signature covers the same fields in the sender's order.
 * Stateless.
 */
final class SigmaIdentity {

    private SigmaIdentity() {
    }

    /** The TBEData of {@code fabric}'s node: its NOC, ICAC and signature over TBSData, plus {@code resumptionId}. */
    static byte[] signedTbe(Fabric fabric, Bytes localEphPubKey, Bytes peerEphPubKey, Optional<Bytes> resumptionId) {
        byte[] tbs = new SigmaSignedData(fabric.noc(), fabric.icac(), localEphPubKey, peerEphPubKey).encode();
        Bytes signature = Bytes.of(Ecdsa.sign(fabric.operationalKey(), tbs));
        return new SigmaEncryptedData(fabric.noc(), fabric.icac(), signature, resumptionId).encode();
    }

    /**
     * The identity the peer's TBEData proves on {@code fabric}: its NOC chains (through its ICAC, if any) to the
     * fabric's root, valid at {@code certificateTime} when known, names this fabric, and its key signed TBSData over
     * the peer's ephemeral key then ours.
     *
     * @param peer "initiator" or "responder", for the reason of a refusal
     * @param message "Sigma2" or "Sigma3", likewise
     */
    static CertificateChains.OperationalIdentity verifiedPeer(SigmaEncryptedData tbe, Fabric fabric,
            Bytes peerEphPubKey, Bytes localEphPubKey, Optional<Instant> certificateTime, String peer,
            String message) throws SigmaMessageException, CryptoException, CertificateFormatException,
            CertificateValidationException {
        MatterCertificate noc = MatterCertificates.decodeTlv(tbe.senderNoc().toByteArray());
        Optional<MatterCertificate> icac = tbe.senderIcac().isPresent()
                ? Optional.of(MatterCertificates.decodeTlv(tbe.senderIcac().get().toByteArray()))
                : Optional.empty();
        MatterCertificate rcac = MatterCertificates.decodeTlv(fabric.rcac().toByteArray());
        CertificateChains.OperationalIdentity identity =
                CertificateChains.validateNocChain(noc, icac, rcac, certificateTime);
        if (identity.fabricId() != fabric.fabricId()) {
            throw new SigmaMessageException(peer + " NOC names fabric " + Long.toHexString(identity.fabricId())
                    + ", not " + Long.toHexString(fabric.fabricId()));
        }
        byte[] tbs = new SigmaSignedData(tbe.senderNoc(), tbe.senderIcac(), peerEphPubKey, localEphPubKey).encode();
        if (!Ecdsa.verify(P256Point.decode(noc.publicKey().toByteArray()), tbs, tbe.signature().toByteArray())) {
            throw new SigmaMessageException(message + " signature does not verify");
        }
        return identity;
    }
}
