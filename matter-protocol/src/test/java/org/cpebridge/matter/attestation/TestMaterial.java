package org.cpebridge.matter.attestation;

import java.util.List;

import org.cpebridge.matter.crypto.P256KeyPair;

/** Public SDK test certificates and keys from the class path (main and test resources). */
final class TestMaterial {

    private TestMaterial() {
    }

    /** credentials/development/paa-root-certs/Chip-Test-PAA-FFF1-Cert.pem: the PAA the test PAI chains to. */
    static AttestationCertificate paa() throws AttestationException {
        return cert("attestation/Chip-Test-PAA-FFF1-Cert.pem");
    }

    /** credentials/test/attestation/Chip-Test-PAI-FFF1-8000-Cert.pem (shipped resource). */
    static AttestationCertificate pai() throws AttestationException {
        return cert(AttestationProvisioning.TEST_PAI_CERT);
    }

    static P256KeyPair paiKey() throws AttestationException {
        return key(AttestationProvisioning.TEST_PAI_KEY);
    }

    /** credentials/test/attestation/Chip-Test-DAC-FFF1-8000-0000-Cert.pem. */
    static AttestationCertificate sdkDac() throws AttestationException {
        return cert("attestation/Chip-Test-DAC-FFF1-8000-0000-Cert.pem");
    }

    static P256KeyPair sdkDacKey() throws AttestationException {
        return key("attestation/Chip-Test-DAC-FFF1-8000-0000-Key.pem");
    }

    static P256KeyPair cdSigningKey() throws AttestationException {
        return key(AttestationProvisioning.TEST_CD_SIGNING_KEY);
    }

    static AttestationCertificate cert(String resource) throws AttestationException {
        return AttestationFiles.certificate(AttestationFiles.resource(resource), resource);
    }

    static P256KeyPair key(String resource) throws AttestationException {
        return AttestationFiles.privateKey(AttestationFiles.resource(resource), resource);
    }

    /** A verifier trusting the test PAA and the test CD signer, development CDs allowed. */
    static DeviceAttestationVerifier verifier() throws AttestationException {
        return new DeviceAttestationVerifier(List.of(paa()), AttestationProvisioning.testCdSigners(), true);
    }
}
