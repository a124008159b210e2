package org.cpebridge.matter.sigma;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.cpebridge.matter.cert.CertificateChains;
import org.cpebridge.matter.cert.MatterCertificate;
import org.cpebridge.matter.cert.MatterCertificates;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Ecdh;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.Hashes;
import org.cpebridge.matter.crypto.Hkdf;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.message.MessageSecurity;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;

/**
 * A CASE initiator written for the tests straight from Matter core spec 4.14.2 (Sigma1 fields and destination id
 * 4.14.2.4, Sigma2 processing 4.14.2.6, Sigma3 generation 4.14.2.7, resumption 4.14.2.2.1, session keys 4.14.2.5). It
 * builds and parses every message with the raw TLV writer/reader, not with the {@code sigma} codecs, and it checks
 * the responder: its NOC chain against the fabric root and its TBSData2 signature.
 */
public final class TestCaseInitiator {

    static final long IDLE = 5000;
    static final long ACTIVE = 300;
    static final long THRESHOLD = 4000;

    private final TestCredentials.Issued own;
    private final Bytes ipk;
    private final long targetNodeId;
    private final CryptoRandom random;
    private final int sessionId;

    boolean tamperSigma3Signature;
    boolean wrongDestination;

    private byte[] initiatorRandom;
    private P256KeyPair ephemeral;
    private byte[] sigma1;
    private byte[] sigma2;
    private byte[] sharedSecret;
    private byte[] sessionKeys;
    private Bytes resumptionId;
    private int responderSessionId;

    public TestCaseInitiator(TestCredentials.Issued own, Bytes ipk, long targetNodeId, int sessionId,
            CryptoRandom random) {
        this.own = own;
        this.ipk = ipk;
        this.targetNodeId = targetNodeId;
        this.sessionId = sessionId;
        this.random = random;
    }

    /** Sigma1 for a full handshake. */
    public byte[] sigma1() {
        return sigma1(Optional.empty(), null);
    }

    /** Sigma1 asking to resume with the id and secret of an earlier session. */
    public byte[] sigma1Resuming(Bytes oldResumptionId, byte[] oldSharedSecret) {
        return sigma1(Optional.of(oldResumptionId), oldSharedSecret);
    }

    private byte[] sigma1(Optional<Bytes> resume, byte[] oldSecret) {
        initiatorRandom = random.bytes(32);
        ephemeral = P256KeyPair.generate(random);
        // Destination id: HMAC(IPK, random || root public key || fabric id LE || node id LE)
        byte[] ids = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(own.fabricId())
                .putLong(wrongDestination ? targetNodeId + 1 : targetNodeId).array();
        byte[] destination = Hashes.hmacSha256(ipk.toByteArray(), initiatorRandom,
                own.rootPublicKey().toByteArray(), ids);
        TlvWriter w = new TlvWriter().startStructure(TlvTag.anonymous());
        w.putBytes(TlvTag.context(1), initiatorRandom);
        w.putUnsigned(TlvTag.context(2), sessionId);
        w.putBytes(TlvTag.context(3), destination);
        w.putBytes(TlvTag.context(4), ephemeral.publicKey().encodeUncompressed());
        w.startStructure(TlvTag.context(5)).putUnsigned(TlvTag.context(1), IDLE)
                .putUnsigned(TlvTag.context(2), ACTIVE).putUnsigned(TlvTag.context(3), THRESHOLD).endContainer();
        if (resume.isPresent()) {
            byte[] s1rk = hkdf(oldSecret, concat(initiatorRandom, resume.get().toByteArray()), "Sigma1_Resume", 16);
            byte[] mic = MessageSecurity.seal(Bytes.of(s1rk), ascii("NCASE_SigmaS1"), new byte[0], new byte[0]);
            w.putBytes(TlvTag.context(6), resume.get());
            w.putBytes(TlvTag.context(7), mic);
            sharedSecret = oldSecret;
            resumptionId = resume.get();
        }
        sigma1 = w.endContainer().toByteArray();
        return sigma1;
    }

    /** Checks Sigma2 as the spec requires and returns Sigma3. */
    public byte[] onSigma2(byte[] payload) throws Exception {
        sigma2 = payload;
        TlvElement.Structure s2 = (TlvElement.Structure) TlvElement.decode(payload);
        byte[] responderRandom = octets(s2, 1);
        responderSessionId = (int) ((TlvElement.UnsignedInt) s2.member(2).orElseThrow()).value();
        byte[] responderEph = octets(s2, 3);
        byte[] encrypted = octets(s2, 4);

        sharedSecret = Ecdh.sharedSecret(ephemeral, P256Point.decode(responderEph));
        byte[] s2k = hkdf(sharedSecret, concat(ipk.toByteArray(), responderRandom, responderEph,
                Hashes.sha256(sigma1)), "Sigma2", 16);
        byte[] tbe2 = MessageSecurity.open(Bytes.of(s2k), ascii("NCASE_Sigma2N"), new byte[0], encrypted);
        TlvElement.Structure data2 = (TlvElement.Structure) TlvElement.decode(tbe2);
        byte[] responderNoc = octets(data2, 1);
        Optional<byte[]> responderIcac = data2.member(2).map(e -> ((TlvElement.Octets) e).value().toByteArray());
        byte[] signature2 = octets(data2, 3);
        resumptionId = Bytes.of(octets(data2, 4));

        MatterCertificate noc = MatterCertificates.decodeTlv(responderNoc);
        Optional<MatterCertificate> icac = responderIcac.isPresent()
                ? Optional.of(MatterCertificates.decodeTlv(responderIcac.get())) : Optional.empty();
        CertificateChains.OperationalIdentity responder = CertificateChains.validateNocChain(noc, icac,
                MatterCertificates.decodeTlv(own.rcac().toByteArray()), Optional.empty());
        if (responder.nodeId() != targetNodeId || responder.fabricId() != own.fabricId()) {
            throw new IllegalStateException("Sigma2 came from node " + Long.toHexString(responder.nodeId()));
        }
        byte[] tbs2 = signedData(responderNoc, responderIcac, responderEph, ephemeral.publicKey().encodeUncompressed());
        if (!Ecdsa.verify(P256Point.decode(noc.publicKey().toByteArray()), tbs2, signature2)) {
            throw new IllegalStateException("responder's TBSData2 signature does not verify");
        }

        byte[] myNoc = own.noc().toByteArray();
        Optional<byte[]> myIcac = own.icac().map(Bytes::toByteArray);
        byte[] signature3 = Ecdsa.sign(own.nodeKey(), signedData(myNoc, myIcac,
                ephemeral.publicKey().encodeUncompressed(), responderEph));
        if (tamperSigma3Signature) {
            signature3[10] ^= 0x01;
        }
        TlvWriter tbe3 = new TlvWriter().startStructure(TlvTag.anonymous());
        tbe3.putBytes(TlvTag.context(1), myNoc);
        myIcac.ifPresent(i -> tbe3.putBytes(TlvTag.context(2), i));
        tbe3.putBytes(TlvTag.context(3), signature3);
        byte[] s3k = hkdf(sharedSecret, concat(ipk.toByteArray(), Hashes.sha256(sigma1, sigma2)), "Sigma3", 16);
        byte[] encrypted3 = MessageSecurity.seal(Bytes.of(s3k), ascii("NCASE_Sigma3N"), new byte[0],
                tbe3.endContainer().toByteArray());
        byte[] sigma3 = new TlvWriter().startStructure(TlvTag.anonymous()).putBytes(TlvTag.context(1), encrypted3)
                .endContainer().toByteArray();
        sessionKeys = hkdf(sharedSecret, concat(ipk.toByteArray(), Hashes.sha256(sigma1, sigma2, sigma3)),
                "SessionKeys", 48);
        return sigma3;
    }

    /** Checks Sigma2_Resume's MIC; afterwards {@link #i2rKey()} etc. hold the resumed keys. */
    public void onSigma2Resume(byte[] payload) throws Exception {
        TlvElement.Structure s = (TlvElement.Structure) TlvElement.decode(payload);
        byte[] newId = octets(s, 1);
        byte[] mic = octets(s, 2);
        responderSessionId = (int) ((TlvElement.UnsignedInt) s.member(3).orElseThrow()).value();
        byte[] s2rk = hkdf(sharedSecret, concat(initiatorRandom, newId), "Sigma2_Resume", 16);
        MessageSecurity.open(Bytes.of(s2rk), ascii("NCASE_SigmaS2"), new byte[0], mic);
        sessionKeys = hkdf(sharedSecret, concat(initiatorRandom, resumptionId.toByteArray()),
                "SessionResumptionKeys", 48);
        resumptionId = Bytes.of(newId);
    }

    public Bytes i2rKey() {
        return Bytes.of(Arrays.copyOfRange(sessionKeys, 0, 16));
    }

    public Bytes r2iKey() {
        return Bytes.of(Arrays.copyOfRange(sessionKeys, 16, 32));
    }

    Bytes attestationChallenge() {
        return Bytes.of(Arrays.copyOfRange(sessionKeys, 32, 48));
    }

    public Bytes resumptionId() {
        return resumptionId;
    }

    public byte[] sharedSecret() {
        return sharedSecret.clone();
    }

    public int responderSessionId() {
        return responderSessionId;
    }

    private static byte[] signedData(byte[] noc, Optional<byte[]> icac, byte[] senderEph, byte[] receiverEph) {
        TlvWriter w = new TlvWriter().startStructure(TlvTag.anonymous());
        w.putBytes(TlvTag.context(1), noc);
        icac.ifPresent(i -> w.putBytes(TlvTag.context(2), i));
        w.putBytes(TlvTag.context(3), senderEph);
        w.putBytes(TlvTag.context(4), receiverEph);
        return w.endContainer().toByteArray();
    }

    private static byte[] octets(TlvElement.Structure s, int tag) {
        return ((TlvElement.Octets) s.member(tag).orElseThrow()).value().toByteArray();
    }

    private static byte[] hkdf(byte[] ikm, byte[] salt, String info, int length) {
        return Hkdf.sha256(ikm, salt, ascii(info), length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
