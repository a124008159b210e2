package org.cpebridge.matter.attestation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.store.RecordStoreException;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;
import org.cpebridge.bytes.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the node's attestation material at startup.
 *
 * <ul>
 *   <li>A product names its own DAC, key, PAI and CD files (the face's settings): {@link #fromFiles} loads and
 *       checks them, nothing is generated.</li>
 *   <li>Otherwise (development): the bridge ships the public SDK test PAI for vendor 0xFFF1 product 0x8000 with
 *       its key, and at first start issues its own DAC (fresh key, random serial) signed by that PAI. The DAC and
 *       key are persisted in the durable store under {@value #RECORD}, so the bridge keeps one identity; the CD
 *       is re-signed at each start from the shipped SDK test CD signing key (ECDSA is deterministic, so the
 *       bytes never change).</li>
 * </ul>
 *
 * <p>A per-bridge DAC rather than a shipped SDK DAC: every bridge gets a distinct attestation key and serial, as
 * real devices have, and no two test bridges on one network share a DAC.
 */
public final class AttestationProvisioning {

    /** Durable store record holding the generated development DAC and its key. */
    public static final String RECORD = "matter/attestation";
    /** Format version of {@value #RECORD}. */
    public static final int FORMAT_VERSION = 1;

    /** Class-path resources: public SDK test material (see {@code attestation/README.md}). */
    public static final String TEST_PAI_CERT = "attestation/Chip-Test-PAI-FFF1-8000-Cert.pem";
    public static final String TEST_PAI_KEY = "attestation/Chip-Test-PAI-FFF1-8000-Key.pem";
    public static final String TEST_CD_SIGNING_CERT = "attestation/Chip-Test-CD-Signing-Cert.pem";
    public static final String TEST_CD_SIGNING_KEY = "attestation/Chip-Test-CD-Signing-Key.pem";

    /** Root Node device type, as matter.js puts in its development CDs. */
    public static final long DEVELOPMENT_DEVICE_TYPE = 0x0016;
    /** Certificate id of the development CD (19 characters, the format of CSA ids). */
    public static final String DEVELOPMENT_CERTIFICATE_ID = "CSA00000SWC00000-00";

    private static final Logger LOG = LoggerFactory.getLogger(AttestationProvisioning.class);
    private static final String DAC_COMMON_NAME = "cpe-bridge Development DAC";

    private AttestationProvisioning() {
    }

    /** Loads and checks a product's own material. */
    public static AttestationMaterial fromFiles(Path dac, Path dacKey, Path pai, Path cd)
            throws AttestationException {
        return AttestationMaterial.of(
                AttestationFiles.certificate(AttestationFiles.read(dac), dac.toString()).der(),
                AttestationFiles.privateKey(AttestationFiles.read(dacKey), dacKey.toString()),
                AttestationFiles.certificate(AttestationFiles.read(pai), pai.toString()).der(),
                Bytes.of(AttestationFiles.der(AttestationFiles.read(cd), null, cd.toString())));
    }

    /**
     * Development material: the stored DAC if there is one for the shipped PAI, else a new DAC issued by the SDK
     * test PAI and stored.
     */
    public static AttestationMaterial development(RecordStore store, CryptoRandom random)
            throws AttestationException {
        AttestationCertificate pai = AttestationFiles.certificate(AttestationFiles.resource(TEST_PAI_CERT),
                TEST_PAI_CERT);
        Bytes cd = developmentDeclaration(pai.vendorId().orElseThrow(), pai.productId().orElseThrow());
        Optional<byte[]> stored;
        try {
            stored = store.read(RECORD, FORMAT_VERSION);
        } catch (RecordStoreException e) {
            throw new AttestationException(Reason.MALFORMED, e.getMessage());
        }
        if (stored.isPresent()) {
            StoredDac dac = StoredDac.decode(stored.get());
            if (dac.pai().equals(pai.der())) {
                return AttestationMaterial.of(dac.dac(), dac.key(), pai.der(), cd);
            }
            LOG.warn("Matter attestation: stored DAC was issued by another PAI; issuing a new development DAC");
        }
        P256KeyPair paiKey = AttestationFiles.privateKey(AttestationFiles.resource(TEST_PAI_KEY), TEST_PAI_KEY);
        P256KeyPair dacKey = P256KeyPair.generate(random);
        Bytes dac = Bytes.of(new DacIssuer(pai, paiKey).issue(dacKey.publicKey(), pai.productId().orElseThrow(),
                DAC_COMMON_NAME, random));
        AttestationMaterial material = AttestationMaterial.of(dac, dacKey, pai.der(), cd);
        store.write(RECORD, FORMAT_VERSION, new StoredDac(dac, dacKey, pai.der()).encode());
        LOG.info("Matter attestation: issued development DAC {} with the public SDK test PAI (not for products)",
                material.dac());
        return material;
    }

    /**
     * The development CD: format 1, the given vendor and product, device type Root Node, certification type 0
     * (development), signed with the SDK test CD signing key.
     */
    public static Bytes developmentDeclaration(int vendorId, int productId) throws AttestationException {
        P256KeyPair key = AttestationFiles.privateKey(AttestationFiles.resource(TEST_CD_SIGNING_KEY),
                TEST_CD_SIGNING_KEY);
        AttestationCertificate signer = testCdSigner();
        return Bytes.of(CertificationDeclarations.sign(CertificationElements.development(vendorId, productId,
                DEVELOPMENT_DEVICE_TYPE, DEVELOPMENT_CERTIFICATE_ID, 1), key, signer.subjectKeyId().orElseThrow()));
    }

    /** The SDK test CD signing certificate. */
    public static AttestationCertificate testCdSigner() throws AttestationException {
        return AttestationFiles.certificate(AttestationFiles.resource(TEST_CD_SIGNING_CERT), TEST_CD_SIGNING_CERT);
    }

    /** The SDK test CD signer as a verifier trust entry. */
    public static Map<Bytes, P256Point> testCdSigners() throws AttestationException {
        AttestationCertificate signer = testCdSigner();
        return Map.of(signer.subjectKeyId().orElseThrow(), signer.publicKey());
    }

    /** The stored record: TLV {1: DAC DER, 2: DAC private scalar, 3: issuing PAI DER}. */
    private record StoredDac(Bytes dac, P256KeyPair key, Bytes pai) {

        byte[] encode() {
            return new TlvWriter().startStructure(TlvTag.anonymous())
                    .putBytes(TlvTag.context(1), dac)
                    .putBytes(TlvTag.context(2), key.privateKeyBytes())
                    .putBytes(TlvTag.context(3), pai)
                    .endContainer().toByteArray();
        }

        static StoredDac decode(byte[] payload) throws AttestationException {
            Bytes dac = null;
            Bytes key = null;
            Bytes pai = null;
            for (TlvElement member : TlvStructs.members(payload, RECORD)) {
                switch (TlvStructs.contextNumber(member)) {
                    case 1 -> dac = TlvStructs.octets(member, "stored DAC");
                    case 2 -> key = TlvStructs.octets(member, "stored DAC key");
                    case 3 -> pai = TlvStructs.octets(member, "stored PAI");
                    default -> {
                        // Later versions may add members.
                    }
                }
            }
            if (dac == null || key == null || pai == null || key.length() != 32) {
                throw new AttestationException(Reason.MALFORMED, RECORD + " is incomplete");
            }
            try {
                return new StoredDac(dac, P256KeyPair.fromPrivate(key.toByteArray()), pai);
            } catch (IllegalArgumentException e) {
                throw new AttestationException(Reason.MALFORMED, RECORD + " holds an invalid key");
            }
        }
    }
}
