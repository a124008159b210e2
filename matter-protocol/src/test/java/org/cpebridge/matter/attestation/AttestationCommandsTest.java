package org.cpebridge.matter.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class AttestationCommandsTest {

    private static final Bytes NONCE = Bytes.of(AttestationVectors.ATTESTATION_NONCE);
    private static final Bytes CHALLENGE = Bytes.fromHex("0f0e0d0c0b0a09080706050403020100");

    private static AttestationMaterial material() throws AttestationException {
        return AttestationMaterial.of(TestMaterial.sdkDac().der(), TestMaterial.sdkDacKey(),
                TestMaterial.pai().der(), AttestationProvisioning.developmentDeclaration(0xFFF1, 0x8000));
    }

    private static TlvElement fields(TlvElement... members) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(members));
    }

    private static Bytes member(TlvElement response, int tag) {
        return ((TlvElement.Octets) ((TlvElement.Structure) response).member(tag).orElseThrow()).value();
    }

    @Test
    void attestationRequestFieldsToVerifiableResponseFields() throws AttestationException {
        AttestationMaterial material = material();
        TlvElement response = new AttestationCommands(new AttestationResponder(material)).attestationRequest(
                fields(new TlvElement.Octets(TlvTag.context(0), NONCE)), CHALLENGE, 0);

        TestMaterial.verifier().verifyAttestation(material.dac().der(), material.pai().der(), member(response, 0),
                member(response, 1), NONCE, CHALLENGE, Optional.empty());
    }

    @Test
    void certificateChainRequestByType() throws AttestationException {
        AttestationMaterial material = material();
        AttestationCommands commands = new AttestationCommands(new AttestationResponder(material));

        assertEquals(material.dac().der(), member(commands.certificateChainRequest(
                fields(new TlvElement.UnsignedInt(TlvTag.context(0), 1))), 0));
        assertEquals(material.pai().der(), member(commands.certificateChainRequest(
                fields(new TlvElement.UnsignedInt(TlvTag.context(0), 2))), 0));
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                () -> commands.certificateChainRequest(fields(new TlvElement.UnsignedInt(TlvTag.context(0), 3))))
                .reason());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                () -> commands.certificateChainRequest(fields())).reason());
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                () -> commands.certificateChainRequest(fields(new TlvElement.Utf8(TlvTag.context(0), "DAC"))))
                .reason());
    }

    @Test
    void csrRequestReturnsTheKeyItCertifies() throws AttestationException {
        AttestationMaterial material = material();
        AttestationCommands commands = new AttestationCommands(new AttestationResponder(material));
        Bytes csrNonce = Bytes.of(AttestationVectors.CSR_NONCE);

        AttestationCommands.CsrOutcome outcome = commands.csrRequest(fields(
                new TlvElement.Octets(TlvTag.context(0), csrNonce), new TlvElement.Bool(TlvTag.context(1), true)),
                CHALLENGE, new SeededRandom(50));

        assertTrue(outcome.forUpdateNoc());
        assertEquals(outcome.operationalKey().publicKey(), DeviceAttestationVerifier.verifyCsrResponse(
                member(outcome.responseFields(), 0), member(outcome.responseFields(), 1),
                material.dac().publicKey(), csrNonce, CHALLENGE));
        assertEquals(false, commands.csrRequest(fields(new TlvElement.Octets(TlvTag.context(0), csrNonce)),
                CHALLENGE, new SeededRandom(51)).forUpdateNoc());
    }

    @Test
    void badFieldsAreInvalidCommands() throws AttestationException {
        AttestationCommands commands = new AttestationCommands(new AttestationResponder(material()));

        for (TlvElement bad : List.of(fields(), fields(new TlvElement.Utf8(TlvTag.context(0), "nonce")),
                fields(new TlvElement.Octets(TlvTag.context(0), Bytes.of(new byte[16]))),
                new TlvElement.Octets(TlvTag.anonymous(), NONCE))) {
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                    () -> commands.attestationRequest(bad, CHALLENGE, 0)).reason(), bad.toString());
            assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                    () -> commands.csrRequest(bad, CHALLENGE, new SeededRandom(52))).reason(), bad.toString());
        }
        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class, () -> commands.csrRequest(
                fields(new TlvElement.Octets(TlvTag.context(0), NONCE), new TlvElement.UnsignedInt(TlvTag.context(1),
                        1)), CHALLENGE, new SeededRandom(53))).reason());
    }
}
