package org.cpebridge.matter.attestation;

import java.util.Objects;

import org.cpebridge.bytes.Bytes;

/**
 * Fields of the CSRResponse command (Matter core spec 11.18.5.6).
 *
 * @param nocsrElements field 0, the TLV {@link NocsrElements}
 * @param attestationSignature field 1, ECDSA with the DAC key over elements || attestation challenge, raw r||s
 */
public record CsrResponse(Bytes nocsrElements, Bytes attestationSignature) {
    public CsrResponse {
        Objects.requireNonNull(nocsrElements, "nocsrElements");
        Objects.requireNonNull(attestationSignature, "attestationSignature");
    }
}
