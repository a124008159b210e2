package org.cpebridge.matter.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class DeviceAttestationVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void sdkTestCertificatesCarryTheirIds() throws AttestationException {
        AttestationCertificate paa = TestMaterial.paa();
        AttestationCertificate pai = TestMaterial.pai();
        AttestationCertificate dac = TestMaterial.sdkDac();

        // Chip-Test-PAA-FFF1: CN=Matter Test PAA, vid FFF1, SKID 6AFD...717E
        assertEquals(OptionalInt.of(0xFFF1), paa.vendorId());
        assertEquals(OptionalInt.empty(), paa.productId());
        assertEquals(Optional.of(Bytes.fromHex("6afd22771f511fecbf1641976710dcdc31a1717e")), paa.subjectKeyId());
        // Chip-Test-PAI-FFF1-8000: vid FFF1 pid 8000, SKID AF42...5288, path length 0
        assertEquals(OptionalInt.of(0xFFF1), pai.vendorId());
        assertEquals(OptionalInt.of(0x8000), pai.productId());
        assertEquals(Optional.of(Bytes.fromHex("af42b7094debd515ec6ecf33b81115225f325288")), pai.subjectKeyId());
        assertEquals(OptionalInt.of(0), pai.pathLength());
        // Chip-Test-DAC-FFF1-8000-0000: end entity, digitalSignature only
        assertFalse(dac.isCertificateAuthority());
        assertEquals(AttestationCertificate.DIGITAL_SIGNATURE, dac.keyUsage());
        assertEquals(OptionalInt.of(0x8000), dac.productId());
    }

    @Test
    void sdkChainVerifiesToTheTestPaa() throws AttestationException {
        AttestationCertificate paa = TestMaterial.verifier().verifyChain(TestMaterial.sdkDac(), TestMaterial.pai(),
                Optional.of(NOW));

        assertEquals(TestMaterial.paa(), paa);
    }

    @Test
    void unknownPaaIsNotTrusted() throws AttestationException {
        DeviceAttestationVerifier empty = new DeviceAttestationVerifier(List.of(),
                AttestationProvisioning.testCdSigners(), true);

        assertEquals(Reason.PAA_NOT_TRUSTED, assertThrows(AttestationException.class,
                () -> empty.verifyChain(TestMaterial.sdkDac(), TestMaterial.pai(), Optional.empty())).reason());
    }

    @Test
    void swappedRolesAndForeignSignaturesAreRejected() throws AttestationException {
        DeviceAttestationVerifier verifier = TestMaterial.verifier();
        AttestationCertificate pai = TestMaterial.pai();
        AttestationCertificate dac = TestMaterial.sdkDac();

        // The PAI presented as a DAC: its AKID is the PAA's, not the PAI's.
        assertThrows(AttestationException.class, () -> verifier.verifyChain(pai, pai, Optional.empty()));
        // A DAC whose AKID names the PAI but whose signature is by another key.
        byte[] forged = new DacIssuer(pai, TestMaterial.paiKey()).issue(P256KeyPair.generate(new SeededRandom(1))
                .publicKey(), 0x8000, "forged", new SeededRandom(2));
        forged[forged.length - 5] ^= 0x01; // inside the signature's s
        assertThrows(AttestationException.class, () -> verifier.verifyChain(AttestationCertificate.parse(forged),
                pai, Optional.empty()));
        // Validity: the test PAA was not valid in 2020.
        assertEquals(Reason.EXPIRED, assertThrows(AttestationException.class, () -> verifier.verifyChain(dac, pai,
                Optional.of(Instant.parse("2020-01-01T00:00:00Z")))).reason());
    }

    @Test
    void dacVendorMustMatchThePai() throws AttestationException {
        AttestationCertificate pai = TestMaterial.pai();
        DacIssuer issuer = new DacIssuer(pai, TestMaterial.paiKey());
        byte[] wrongVendor = issuer.issue(P256KeyPair.generate(new SeededRandom(3)).publicKey(), 0xFFF2, 0x8000,
                "wrong vid", new SeededRandom(4));

        assertEquals(Reason.VID_PID_MISMATCH, assertThrows(AttestationException.class,
                () -> TestMaterial.verifier().verifyChain(AttestationCertificate.parse(wrongVendor), pai,
                        Optional.empty())).reason());
        assertEquals(Reason.VID_PID_MISMATCH, assertThrows(AttestationException.class,
                () -> issuer.issue(P256KeyPair.generate(new SeededRandom(5)).publicKey(), 0x8001, "wrong pid",
                        new SeededRandom(6))).reason());
    }

    @Test
    void declarationMustCoverTheDacIds() throws AttestationException {
        DeviceAttestationVerifier verifier = TestMaterial.verifier();
        AttestationCertificate dac = TestMaterial.sdkDac();
        AttestationCertificate paa = TestMaterial.paa();

        assertEquals(0x8000, verifier.verifyDeclaration(cd(0xFFF1, List.of(0x8000), 0), dac, paa).productIds()
                .get(0));
        assertEquals(Reason.VID_PID_MISMATCH, assertThrows(AttestationException.class,
                () -> verifier.verifyDeclaration(cd(0xFFF2, List.of(0x8000), 0), dac, paa)).reason());
        assertEquals(Reason.VID_PID_MISMATCH, assertThrows(AttestationException.class,
                () -> verifier.verifyDeclaration(cd(0xFFF1, List.of(0x8001, 0x8002), 0), dac, paa)).reason());
        // TestCertificationDeclaration vector 02: vid FFF2 pids 8001/8002 but DAC origin FFF1/8000 covers our DAC.
        assertEquals(0xFFF2, verifier.verifyDeclaration(Bytes.of(AttestationVectors.CD_SIGNED_02), dac, paa)
                .vendorId());
    }

    @Test
    void developmentDeclarationsAndPaaRestrictionsAreEnforced() throws AttestationException {
        AttestationCertificate dac = TestMaterial.sdkDac();
        AttestationCertificate paa = TestMaterial.paa();
        DeviceAttestationVerifier strict = new DeviceAttestationVerifier(List.of(paa),
                AttestationProvisioning.testCdSigners(), false);

        assertEquals(Reason.CD_CONTENT_INVALID, assertThrows(AttestationException.class,
                () -> strict.verifyDeclaration(cd(0xFFF1, List.of(0x8000), 0), dac, paa)).reason());
        assertEquals(2, strict.verifyDeclaration(cd(0xFFF1, List.of(0x8000), 2), dac, paa).certificationType());

        CertificationElements otherPaaOnly = new CertificationElements(1, 0xFFF1, List.of(0x8000), 0x16,
                "CSA00000SWC00000-00", 0, 0, 1, 0, OptionalInt.empty(), OptionalInt.empty(),
                List.of(Bytes.fromHex("785ce705b86b8f4e6fc793aa60cb43ea696882d5")));
        Bytes restricted = Bytes.of(CertificationDeclarations.sign(otherPaaOnly, TestMaterial.cdSigningKey(),
                AttestationProvisioning.testCdSigner().subjectKeyId().orElseThrow()));
        assertEquals(Reason.PAA_NOT_TRUSTED, assertThrows(AttestationException.class,
                () -> TestMaterial.verifier().verifyDeclaration(restricted, dac, paa)).reason());
        assertTrue(TestMaterial.verifier().trusts(paa.subjectKeyId().orElseThrow()));
    }

    private static Bytes cd(int vendorId, List<Integer> productIds, int type) throws AttestationException {
        CertificationElements elements = new CertificationElements(1, vendorId, productIds, 0x16,
                "CSA00000SWC00000-00", 0, 0, 1, type, OptionalInt.empty(), OptionalInt.empty(), List.of());
        return Bytes.of(CertificationDeclarations.sign(elements, TestMaterial.cdSigningKey(),
                AttestationProvisioning.testCdSigner().subjectKeyId().orElseThrow()));
    }
}
