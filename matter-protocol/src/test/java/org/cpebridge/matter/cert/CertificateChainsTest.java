package org.cpebridge.matter.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

import org.cpebridge.matter.cert.CertificateValidationException.Reason;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Chain rules on connectedhomeip {@code CHIPCert_test_vectors.cpp} Root01 → ICA01 → Node01_01. Broken variants are
 * re-signed with the vectors' own private keys ({@code sTestCert_*_PrivateKey}) so that only the rule under test fails.
 */
class CertificateChainsTest {

    // CHIPCert_test_vectors.cpp sTestCert_ICA01_PrivateKey
    private static final P256KeyPair ICA01_KEY = P256KeyPair.fromPrivate(HexFormat.of().parseHex(
            "9e16bd8a17b2f1c214210f51607e9796cb5960415357d38ab86cc4d596212e97"));
    // CHIPCert_test_vectors.cpp sTestCert_Root01_PrivateKey
    private static final P256KeyPair ROOT01_KEY = P256KeyPair.fromPrivate(HexFormat.of().parseHex(
            "fcddfd9112b30d240f6ae6de27a2029e7bb6e74377e3b7975d76d23de3c36814"));
    private static final Optional<Instant> IN_2030 = Optional.of(Instant.parse("2030-01-01T00:00:00Z"));

    private static MatterCertificate cert(byte[] tlv) throws CertificateFormatException {
        return MatterCertificates.decodeTlv(tlv);
    }

    private static MatterCertificate root() throws CertificateFormatException {
        return cert(CertVectors.ROOT01_TLV);
    }

    private static MatterCertificate ica() throws CertificateFormatException {
        return cert(CertVectors.ICA01_TLV);
    }

    private static MatterCertificate noc() throws CertificateFormatException {
        return cert(CertVectors.NODE01_01_TLV);
    }

    /** Applies a change and signs the result with {@code issuer}, so that only the changed rule can fail. */
    private static MatterCertificate resigned(MatterCertificate cert, UnaryOperator<MatterCertificate> change,
            P256KeyPair issuer) {
        MatterCertificate changed = change.apply(cert);
        byte[] signature = Ecdsa.sign(issuer, MatterCertificates.tbsDer(changed));
        return new MatterCertificate(changed.serialNumber(), changed.issuer(), changed.notBefore(),
                changed.notAfter(), changed.subject(), changed.publicKey(), changed.extensions(), Bytes.of(signature));
    }

    private static UnaryOperator<MatterCertificate> subject(List<DnAttribute> subject) {
        return c -> new MatterCertificate(c.serialNumber(), c.issuer(), c.notBefore(), c.notAfter(), subject,
                c.publicKey(), c.extensions(), c.signature());
    }

    private static UnaryOperator<MatterCertificate> extension(int index, CertExtension replacement) {
        return c -> {
            List<CertExtension> extensions = new ArrayList<>(c.extensions());
            extensions.set(index, replacement);
            return new MatterCertificate(c.serialNumber(), c.issuer(), c.notBefore(), c.notAfter(), c.subject(),
                    c.publicKey(), extensions, c.signature());
        };
    }

    private static Reason reasonOf(MatterCertificate noc, Optional<MatterCertificate> icac, MatterCertificate rcac,
            Optional<Instant> now) {
        return assertThrows(CertificateValidationException.class,
                () -> CertificateChains.validateNocChain(noc, icac, rcac, now)).reason();
    }

    @Test
    void sdkChainIsValidAndYieldsTheIdentity() throws Exception {
        CertificateChains.OperationalIdentity identity =
                CertificateChains.validateNocChain(noc(), Optional.of(ica()), root(), IN_2030);
        // Node01_01 dump: node-id DEDEDEDE00010001, fabric-id FAB000000000001D, no CATs
        assertEquals(0xFAB000000000001DL, identity.fabricId());
        assertEquals(0xDEDEDEDE00010001L, identity.nodeId());
        assertEquals(List.of(), identity.cats());
        assertEquals(root().publicKey(), identity.rootPublicKey());
        // No trusted time: windows are not checked
        assertEquals(identity, CertificateChains.validateNocChain(noc(), Optional.of(ica()), root(), Optional.empty()));
    }

    @Test
    void validityWindowsAreChecked() throws Exception {
        // Node01_01 and its issuers: 2020-10-15T14:23:43Z .. 2040-10-15T14:23:42Z
        assertEquals(Reason.NOT_YET_VALID,
                reasonOf(noc(), Optional.of(ica()), root(), Optional.of(Instant.parse("2020-10-15T14:23:42Z"))));
        assertEquals(Reason.EXPIRED,
                reasonOf(noc(), Optional.of(ica()), root(), Optional.of(Instant.parse("2040-10-15T14:23:43Z"))));
    }

    @Test
    void certificatesInTheWrongPlaceAreRejected() throws Exception {
        // The ICAC offered as NOC has no node id; the NOC offered without its ICAC names the wrong issuer
        assertEquals(Reason.WRONG_CERTIFICATE_TYPE, reasonOf(ica(), Optional.of(ica()), root(), IN_2030));
        assertEquals(Reason.ISSUER_MISMATCH, reasonOf(noc(), Optional.empty(), root(), IN_2030));
        assertEquals(Reason.WRONG_CERTIFICATE_TYPE, reasonOf(noc(), Optional.of(ica()), ica(), IN_2030));
        // Root03 is a different root: the ICAC's issuer does not match it
        assertEquals(Reason.ISSUER_MISMATCH,
                reasonOf(noc(), Optional.of(ica()), cert(CertVectors.ROOT03_TLV), IN_2030));
    }

    @Test
    void tamperedSignatureIsRejected() throws Exception {
        MatterCertificate noc = noc();
        byte[] signature = noc.signature().toByteArray();
        signature[10] ^= 1;
        MatterCertificate tampered = new MatterCertificate(noc.serialNumber(), noc.issuer(), noc.notBefore(),
                noc.notAfter(), noc.subject(), noc.publicKey(), noc.extensions(), Bytes.of(signature));
        assertEquals(Reason.BAD_SIGNATURE, reasonOf(tampered, Optional.of(ica()), root(), IN_2030));
    }

    @Test
    void nocRulesAreEnforced() throws Exception {
        MatterCertificate noc = noc();
        // NOC claiming to be a CA
        assertEquals(Reason.WRONG_EXTENSIONS, reasonOf(resigned(noc,
                extension(0, new CertExtension.BasicConstraints(true, OptionalInt.empty())), ICA01_KEY),
                Optional.of(ica()), root(), IN_2030));
        // NOC with keyCertSign
        assertEquals(Reason.WRONG_EXTENSIONS, reasonOf(resigned(noc, extension(1, new CertExtension.KeyUsage(
                CertExtension.KeyUsage.DIGITAL_SIGNATURE | CertExtension.KeyUsage.KEY_CERT_SIGN)), ICA01_KEY),
                Optional.of(ica()), root(), IN_2030));
        // NOC with clientAuth only
        assertEquals(Reason.WRONG_EXTENSIONS, reasonOf(resigned(noc,
                extension(2, new CertExtension.ExtendedKeyUsage(List.of(2))), ICA01_KEY),
                Optional.of(ica()), root(), IN_2030));
        // NOC without fabric id
        assertEquals(Reason.FABRIC_MISMATCH, reasonOf(resigned(noc, subject(List.of(
                new DnAttribute.MatterId(DnAttribute.NODE_ID, 0xDEDEDEDE00010001L))), ICA01_KEY),
                Optional.of(ica()), root(), IN_2030));
        // Node id in the group range (0xFFFF_FFFF_FFFF_xxxx)
        assertEquals(Reason.INVALID_NODE_ID, reasonOf(resigned(noc, subject(List.of(
                new DnAttribute.MatterId(DnAttribute.NODE_ID, 0xFFFFFFFFFFFF0001L),
                new DnAttribute.MatterId(DnAttribute.FABRIC_ID, 0xFAB000000000001DL))), ICA01_KEY),
                Optional.of(ica()), root(), IN_2030));
        // Two node ids
        assertEquals(Reason.WRONG_CERTIFICATE_TYPE, reasonOf(resigned(noc, subject(List.of(
                new DnAttribute.MatterId(DnAttribute.NODE_ID, 1), new DnAttribute.MatterId(DnAttribute.NODE_ID, 2),
                new DnAttribute.MatterId(DnAttribute.FABRIC_ID, 0xFAB000000000001DL))), ICA01_KEY),
                Optional.of(ica()), root(), IN_2030));
    }

    @Test
    void catsAreReturnedAndFabricMismatchIsCaught() throws Exception {
        MatterCertificate withCats = resigned(noc(), subject(List.of(
                new DnAttribute.MatterId(DnAttribute.NODE_ID, 0xDEDEDEDE00010001L),
                new DnAttribute.MatterId(DnAttribute.FABRIC_ID, 0xFAB000000000001DL),
                new DnAttribute.MatterId(DnAttribute.NOC_CAT, 0xABCD0002L))), ICA01_KEY);
        assertEquals(List.of(0xABCD0002L),
                CertificateChains.validateNocChain(withCats, Optional.of(ica()), root(), IN_2030).cats());
        // An ICAC carrying another fabric id than the NOC
        MatterCertificate otherFabricIca = resigned(ica(), subject(List.of(
                new DnAttribute.MatterId(DnAttribute.ICAC_ID, 0xCACACACA00000003L),
                new DnAttribute.MatterId(DnAttribute.FABRIC_ID, 0x1234L))), ROOT01_KEY);
        // The NOC's issuer DN no longer equals the changed ICAC subject, so re-issue the NOC under it
        MatterCertificate reissued = resigned(noc(), c -> new MatterCertificate(c.serialNumber(),
                otherFabricIca.subject(), c.notBefore(), c.notAfter(), c.subject(), c.publicKey(), c.extensions(),
                c.signature()), ICA01_KEY);
        assertEquals(Reason.FABRIC_MISMATCH, reasonOf(reissued, Optional.of(otherFabricIca), root(), IN_2030));
    }

    @Test
    void caRulesAreEnforced() throws Exception {
        // ICAC without keyCertSign
        MatterCertificate weakIca = resigned(ica(),
                extension(1, new CertExtension.KeyUsage(CertExtension.KeyUsage.CRL_SIGN)), ROOT01_KEY);
        assertEquals(Reason.WRONG_EXTENSIONS, reasonOf(noc(), Optional.of(weakIca), root(), IN_2030));
        // RCAC with path length 0 above an ICAC
        MatterCertificate shortRoot = resigned(root(),
                extension(0, new CertExtension.BasicConstraints(true, OptionalInt.of(0))), ROOT01_KEY);
        assertEquals(Reason.WRONG_EXTENSIONS, reasonOf(noc(), Optional.of(ica()), shortRoot, IN_2030));
    }
}
