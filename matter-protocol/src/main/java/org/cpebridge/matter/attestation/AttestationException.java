package org.cpebridge.matter.attestation;

import java.util.Objects;

/**
 * Attestation material or an attestation message that does not hold: malformed encodings, broken chains, failed
 * signatures and violated vendor/product rules (Matter core spec 6.2.3, 6.3). The {@link Reason} says which, so a
 * verifier can map it to the commissioning error it reports.
 */
public final class AttestationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** Bytes that do not decode as the expected TLV, DER or PEM structure. */
        MALFORMED,
        /** An argument out of the range the spec allows (nonce length, CSR size). */
        INVALID_ARGUMENT,
        /** A certificate's signature does not verify with its issuer's key, or issuer/key ids do not link. */
        CHAIN_BROKEN,
        /** A certificate lacks or misuses a required extension (basic constraints, key usage, key ids). */
        WRONG_EXTENSIONS,
        /** A certificate is outside its validity period at the verification time. */
        EXPIRED,
        /** The PAA is not in the trust store. */
        PAA_NOT_TRUSTED,
        /** Vendor or product ids disagree between PAA, PAI, DAC and the Certification Declaration. */
        VID_PID_MISMATCH,
        /** The Certification Declaration's signer is unknown or its signature does not verify. */
        CD_SIGNATURE_INVALID,
        /** The Certification Declaration content breaks a rule (format version, certification type, ...). */
        CD_CONTENT_INVALID,
        /** The attestation or NOCSR signature does not verify with the DAC key. */
        SIGNATURE_INVALID,
        /** The attestation or CSR nonce in the elements is not the one the commissioner sent. */
        NONCE_MISMATCH,
        /** A private key does not belong to the certificate it is paired with. */
        KEY_MISMATCH
    }

    private final Reason reason;

    public AttestationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public AttestationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the check failed. */
    public Reason reason() {
        return reason;
    }
}
