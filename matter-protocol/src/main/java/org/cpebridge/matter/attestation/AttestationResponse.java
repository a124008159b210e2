package org.cpebridge.matter.attestation;

import java.util.Objects;

import org.cpebridge.bytes.Bytes;

/**
 * Fields of the AttestationResponse command (Matter core spec 11.18.5.2).
 *
 * @param attestationElements field 0, the TLV {@link AttestationElements}
 * @param attestationSignature field 1, ECDSA with the DAC key over elements || attestation challenge, raw r||s
 */
public record AttestationResponse(Bytes attestationElements, Bytes attestationSignature) {
    public AttestationResponse {
        Objects.requireNonNull(attestationElements, "attestationElements");
        Objects.requireNonNull(attestationSignature, "attestationSignature");
    }
}
