package org.cpebridge.matter.attestation;

import java.util.Objects;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.cert.CertificateSigningRequests;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;

/**
 * Answers the attestation commands of the Operational Credentials cluster (Matter core spec 11.18.6.1-6.6),
 * sans I/O: AttestationRequest, CertificateChainRequest and CSRRequest. The caller supplies the session's
 * attestation challenge and maps {@link Reason#INVALID_ARGUMENT} to the IM status INVALID_COMMAND (0x85).
 * Stateless and thread-safe.
 */
public final class AttestationResponder {

    /** CertificateChainRequest type for the DAC. */
    public static final int CERTIFICATE_TYPE_DAC = 1;
    /** CertificateChainRequest type for the PAI. */
    public static final int CERTIFICATE_TYPE_PAI = 2;
    /** Largest attestation or NOCSR elements the spec allows (RESP_MAX, spec 11.18.4). */
    public static final int MAX_ELEMENTS_LENGTH = 900;
    /** Length of the attestation challenge derived with the session keys (spec 4.13.2.6). */
    public static final int CHALLENGE_LENGTH = 16;

    private final AttestationMaterial material;

    public AttestationResponder(AttestationMaterial material) {
        this.material = Objects.requireNonNull(material, "material");
    }

    /**
     * AttestationRequest → AttestationResponse.
     *
     * @param attestationNonce the request's nonce, must be 32 bytes
     * @param attestationChallenge the session's attestation challenge, 16 bytes
     * @param timestamp seconds since the Matter epoch, 0 when the node has no trusted time
     */
    public AttestationResponse attestation(Bytes attestationNonce, Bytes attestationChallenge, long timestamp)
            throws AttestationException {
        checkLength(attestationNonce, AttestationElements.NONCE_LENGTH, "attestation nonce");
        checkLength(attestationChallenge, CHALLENGE_LENGTH, "attestation challenge");
        byte[] elements = AttestationElements.of(material.certificationDeclaration(), attestationNonce, timestamp)
                .encode();
        return new AttestationResponse(Bytes.of(elements), sign(elements, attestationChallenge));
    }

    /**
     * CertificateChainRequest → CertificateChainResponse's Certificate field, DER.
     *
     * @param certificateType 1 for the DAC, 2 for the PAI
     */
    public Bytes certificateChain(int certificateType) throws AttestationException {
        return switch (certificateType) {
            case CERTIFICATE_TYPE_DAC -> material.dac().der();
            case CERTIFICATE_TYPE_PAI -> material.pai().der();
            default -> throw new AttestationException(Reason.INVALID_ARGUMENT,
                    "unknown certificate type " + certificateType);
        };
    }

    /**
     * CSRRequest → CSRResponse for a freshly generated operational key (the caller keeps the key pending until
     * AddNOC or UpdateNOC).
     *
     * @param csrNonce the request's nonce, must be 32 bytes
     * @param operationalKey the new operational key pair
     * @param attestationChallenge the session's attestation challenge, 16 bytes
     */
    public CsrResponse csr(Bytes csrNonce, P256KeyPair operationalKey, Bytes attestationChallenge)
            throws AttestationException {
        checkLength(csrNonce, NocsrElements.NONCE_LENGTH, "CSR nonce");
        checkLength(attestationChallenge, CHALLENGE_LENGTH, "attestation challenge");
        Objects.requireNonNull(operationalKey, "operationalKey");
        byte[] elements = NocsrElements.of(Bytes.of(CertificateSigningRequests.build(operationalKey)), csrNonce)
                .encode();
        return new CsrResponse(Bytes.of(elements), sign(elements, attestationChallenge));
    }

    private Bytes sign(byte[] elements, Bytes attestationChallenge) throws AttestationException {
        if (elements.length > MAX_ELEMENTS_LENGTH) {
            throw new AttestationException(Reason.INVALID_ARGUMENT, "elements of " + elements.length
                    + " bytes exceed RESP_MAX");
        }
        byte[] signed = DeviceAttestationVerifier.concat(elements, attestationChallenge.toByteArray());
        return Bytes.of(Ecdsa.sign(material.dacKey(), signed));
    }

    private static void checkLength(Bytes value, int length, String what) throws AttestationException {
        if (value == null || value.length() != length) {
            throw new AttestationException(Reason.INVALID_ARGUMENT, what + " must be " + length + " bytes, got "
                    + (value == null ? "none" : value.length()));
        }
    }
}
