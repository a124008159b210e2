package org.cpebridge.matter.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class AttestationResponderTest {

    private static final Bytes NONCE = Bytes.of(AttestationVectors.ATTESTATION_NONCE);
    private static final Bytes CSR_NONCE = Bytes.of(AttestationVectors.CSR_NONCE);
    private static final Bytes CHALLENGE = Bytes.fromHex("00112233445566778899aabbccddeeff");

    /** The SDK test DAC 0000 with the development CD: material a controller with test roots must accept. */
    private static AttestationMaterial sdkMaterial() throws AttestationException {
        return AttestationMaterial.of(TestMaterial.sdkDac().der(), TestMaterial.sdkDacKey(),
                TestMaterial.pai().der(), AttestationProvisioning.developmentDeclaration(0xFFF1, 0x8000));
    }

    @Test
    void attestationResponsePassesTheCommissionerChecks() throws AttestationException {
        AttestationMaterial material = sdkMaterial();
        AttestationResponse response = new AttestationResponder(material).attestation(NONCE, CHALLENGE, 0);

        CertificationElements cd = TestMaterial.verifier().verifyAttestation(material.dac().der(),
                material.pai().der(), response.attestationElements(), response.attestationSignature(), NONCE,
                CHALLENGE, Optional.empty());
        assertEquals(0xFFF1, cd.vendorId());
        assertEquals(AttestationProvisioning.DEVELOPMENT_DEVICE_TYPE, cd.deviceTypeId());
        AttestationElements elements = AttestationElements.decode(response.attestationElements().toByteArray());
        assertEquals(material.certificationDeclaration(), elements.certificationDeclaration());
        assertEquals(0, elements.timestamp());
    }

    @Test
    void signatureCoversTheChallenge() throws AttestationException {
        AttestationMaterial material = sdkMaterial();
        AttestationResponse response = new AttestationResponder(material).attestation(NONCE, CHALLENGE, 0);
        Bytes otherChallenge = Bytes.fromHex("ffeeddccbbaa99887766554433221100");

        assertEquals(Reason.SIGNATURE_INVALID, assertThrows(AttestationException.class,
                () -> TestMaterial.verifier().verifyAttestation(material.dac().der(), material.pai().der(),
                        response.attestationElements(), response.attestationSignature(), NONCE, otherChallenge,
                        Optional.empty())).reason());
        Bytes otherNonce = Bytes.of(new byte[32]);
        assertEquals(Reason.NONCE_MISMATCH, assertThrows(AttestationException.class,
                () -> TestMaterial.verifier().verifyAttestation(material.dac().der(), material.pai().der(),
                        response.attestationElements(), response.attestationSignature(), otherNonce, CHALLENGE,
                        Optional.empty())).reason());
    }

    @Test
    void certificateChainAnswersDacAndPai() throws AttestationException {
        AttestationMaterial material = sdkMaterial();
        AttestationResponder responder = new AttestationResponder(material);

        assertEquals(material.dac().der(), responder.certificateChain(AttestationResponder.CERTIFICATE_TYPE_DAC));
        assertEquals(material.pai().der(), responder.certificateChain(AttestationResponder.CERTIFICATE_TYPE_PAI));
        for (int type : new int[] {0, 3, 255}) {
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                    () -> responder.certificateChain(type)).reason());
        }
    }

    @Test
    void csrResponseCarriesTheOperationalKey() throws AttestationException {
        AttestationMaterial material = sdkMaterial();
        P256KeyPair operational = P256KeyPair.generate(new SeededRandom(20));
        CsrResponse response = new AttestationResponder(material).csr(CSR_NONCE, operational, CHALLENGE);

        assertEquals(operational.publicKey(), DeviceAttestationVerifier.verifyCsrResponse(response.nocsrElements(),
                response.attestationSignature(), material.dac().publicKey(), CSR_NONCE, CHALLENGE));
        assertTrue(Ecdsa.verify(material.dac().publicKey(), DeviceAttestationVerifier.concat(
                response.nocsrElements().toByteArray(), CHALLENGE.toByteArray()),
                response.attestationSignature().toByteArray()));
        assertEquals(Reason.NONCE_MISMATCH, assertThrows(AttestationException.class,
                () -> DeviceAttestationVerifier.verifyCsrResponse(response.nocsrElements(),
                        response.attestationSignature(), material.dac().publicKey(), NONCE, CHALLENGE)).reason());
    }

    @Test
    void wrongNonceOrChallengeLengthIsAnInvalidCommand() throws AttestationException {
        AttestationResponder responder = new AttestationResponder(sdkMaterial());
        P256KeyPair operational = P256KeyPair.generate(new SeededRandom(21));
        Bytes shortNonce = Bytes.of(new byte[31]);
        Bytes longNonce = Bytes.of(new byte[33]);

        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                () -> responder.attestation(shortNonce, CHALLENGE, 0)).reason());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                () -> responder.attestation(NONCE, Bytes.EMPTY, 0)).reason());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                () -> responder.csr(longNonce, operational, CHALLENGE)).reason());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                () -> responder.attestation(null, CHALLENGE, 0)).reason());
    }
}
