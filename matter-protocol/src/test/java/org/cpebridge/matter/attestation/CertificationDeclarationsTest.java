package org.cpebridge.matter.attestation;

import static org.cpebridge.matter.attestation.AttestationVectors.CD_CONTENT_01;
import static org.cpebridge.matter.attestation.AttestationVectors.CD_CONTENT_02;
import static org.cpebridge.matter.attestation.AttestationVectors.CD_SIGNED_01;
import static org.cpebridge.matter.attestation.AttestationVectors.CD_SIGNED_02;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class CertificationDeclarationsTest {

    // Chip-Test-CD-Signing-Cert.pem subject key id
    private static final Bytes TEST_SIGNER = Bytes.fromHex("62fa823359acfaa9963e1cfa140addf504f37160");

    @Test
    void parsesAndVerifiesTheSdkSignedDeclarations() throws AttestationException {
        SignedCertificationDeclaration first = CertificationDeclarations.parse(CD_SIGNED_01);
        SignedCertificationDeclaration second = CertificationDeclarations.parse(CD_SIGNED_02);

        assertEquals(Bytes.of(CD_CONTENT_01), first.content());
        assertEquals(TEST_SIGNER, first.signerKeyId());
        assertEquals(CertificationElementsTest.SDK_ELEMENTS_01,
                CertificationDeclarations.verify(first, AttestationProvisioning.testCdSigners()));
        assertEquals(CertificationElementsTest.SDK_ELEMENTS_02,
                CertificationDeclarations.verify(second, AttestationProvisioning.testCdSigners()));
        assertEquals(Bytes.of(CD_CONTENT_02), second.content());
    }

    @Test
    void envelopeAroundTheSdkSignatureIsByteIdentical() throws AttestationException {
        // The SDK signed with a random nonce, so only the envelope around its signature can be compared.
        for (byte[] vector : new byte[][] {CD_SIGNED_01, CD_SIGNED_02}) {
            SignedCertificationDeclaration parsed = CertificationDeclarations.parse(vector);
            assertArrayEquals(vector, CertificationDeclarations.envelope(parsed.content().toByteArray(),
                    parsed.signerKeyId(), parsed.signature().toByteArray()));
        }
    }

    @Test
    void signsWithTheTestKeyAndVerifies() throws AttestationException {
        P256KeyPair key = TestMaterial.cdSigningKey();
        byte[] signed = CertificationDeclarations.sign(CertificationElementsTest.SDK_ELEMENTS_01, key, TEST_SIGNER);

        // Same content and signer as the SDK vector: same length class, same prefix up to the signature.
        SignedCertificationDeclaration parsed = CertificationDeclarations.parse(signed);
        assertEquals(Bytes.of(CD_CONTENT_01), parsed.content());
        assertEquals(CertificationElementsTest.SDK_ELEMENTS_01,
                CertificationDeclarations.verify(parsed, AttestationProvisioning.testCdSigners()));
        // Deterministic ECDSA: signing twice gives the same bytes.
        assertArrayEquals(signed, CertificationDeclarations.sign(CertificationElementsTest.SDK_ELEMENTS_01, key,
                TEST_SIGNER));
    }

    @Test
    void rejectsTamperedContentAndUnknownSigners() throws AttestationException {
        byte[] tampered = CD_SIGNED_01.clone();
        tampered[60] ^= 0x01; // inside the CD content (the vendor id's low byte)
        SignedCertificationDeclaration parsed = CertificationDeclarations.parse(tampered);
        assertEquals(Reason.CD_SIGNATURE_INVALID, assertThrows(AttestationException.class,
                () -> CertificationDeclarations.verify(parsed, AttestationProvisioning.testCdSigners())).reason());

        SignedCertificationDeclaration genuine = CertificationDeclarations.parse(CD_SIGNED_01);
        assertEquals(Reason.CD_SIGNATURE_INVALID, assertThrows(AttestationException.class,
                () -> CertificationDeclarations.verify(genuine, Map.of())).reason());
    }

    @Test
    void rejectsTruncationsTrailingBytesAndGarbage() {
        for (int length = 0; length < CD_SIGNED_01.length; length++) {
            byte[] truncated = Arrays.copyOf(CD_SIGNED_01, length);
            assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                    () -> CertificationDeclarations.parse(truncated)).reason(), "length " + length);
        }
        assertThrows(AttestationException.class,
                () -> CertificationDeclarations.parse(Arrays.copyOf(CD_SIGNED_01, CD_SIGNED_01.length + 1)));
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] garbage = CD_SIGNED_01.clone();
            garbage[random.nextInt(garbage.length)] = (byte) random.nextInt(256);
            try {
                CertificationDeclarations.parse(garbage);
            } catch (AttestationException expected) {
                assertEquals(Reason.MALFORMED, expected.reason());
            }
        }
    }
}
