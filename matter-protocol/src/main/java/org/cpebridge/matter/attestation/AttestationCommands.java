package org.cpebridge.matter.attestation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;

/**
 * The command fields of AttestationRequest, CertificateChainRequest and CSRRequest (Matter core spec 11.18.6.1-6.6)
 * in and the response fields out, as IM {@link TlvElement} structures, around an {@link AttestationResponder}.
 * Missing or mistyped fields and bad lengths raise {@link Reason#INVALID_ARGUMENT}, which the cluster answers with
 * INVALID_COMMAND. Access (Administer, PASE or CASE) and fail-safe rules stay with the cluster.
 */
public final class AttestationCommands {

    private final AttestationResponder responder;

    public AttestationCommands(AttestationResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    /** What a CSRRequest produced: the response fields and the new operational key to keep pending. */
    public record CsrOutcome(TlvElement responseFields, P256KeyPair operationalKey, boolean forUpdateNoc) {
        public CsrOutcome {
            Objects.requireNonNull(responseFields, "responseFields");
            Objects.requireNonNull(operationalKey, "operationalKey");
        }
    }

    /**
     * AttestationRequest {0: AttestationNonce} → AttestationResponse {0: AttestationElements,
     * 1: AttestationSignature}.
     */
    public TlvElement attestationRequest(TlvElement fields, Bytes attestationChallenge, long timestamp)
            throws AttestationException {
        AttestationResponse response = responder.attestation(octets(fields, 0), attestationChallenge, timestamp);
        return structure(new TlvElement.Octets(TlvTag.context(0), response.attestationElements()),
                new TlvElement.Octets(TlvTag.context(1), response.attestationSignature()));
    }

    /** CertificateChainRequest {0: CertificateType} → CertificateChainResponse {0: Certificate}. */
    public TlvElement certificateChainRequest(TlvElement fields) throws AttestationException {
        TlvElement type = field(fields, 0).orElseThrow(() -> missing(0));
        if (!(type instanceof TlvElement.UnsignedInt number) || Long.compareUnsigned(number.value(), 0xFF) > 0) {
            throw new AttestationException(Reason.INVALID_ARGUMENT, "CertificateType is not an enum8");
        }
        return structure(new TlvElement.Octets(TlvTag.context(0),
                responder.certificateChain((int) number.value())));
    }

    /**
     * CSRRequest {0: CSRNonce, 1: IsForUpdateNOC (optional, false)} → CSRResponse {0: NOCSRElements,
     * 1: AttestationSignature}, with a freshly generated operational key.
     */
    public CsrOutcome csrRequest(TlvElement fields, Bytes attestationChallenge, CryptoRandom random)
            throws AttestationException {
        Bytes nonce = octets(fields, 0);
        boolean forUpdateNoc = false;
        Optional<TlvElement> update = field(fields, 1);
        if (update.isPresent()) {
            if (!(update.get() instanceof TlvElement.Bool flag)) {
                throw new AttestationException(Reason.INVALID_ARGUMENT, "IsForUpdateNOC is not a boolean");
            }
            forUpdateNoc = flag.value();
        }
        P256KeyPair operationalKey = P256KeyPair.generate(random);
        CsrResponse response = responder.csr(nonce, operationalKey, attestationChallenge);
        return new CsrOutcome(structure(new TlvElement.Octets(TlvTag.context(0), response.nocsrElements()),
                new TlvElement.Octets(TlvTag.context(1), response.attestationSignature())), operationalKey,
                forUpdateNoc);
    }

    private static Bytes octets(TlvElement fields, int tag) throws AttestationException {
        TlvElement value = field(fields, tag).orElseThrow(() -> missing(tag));
        if (!(value instanceof TlvElement.Octets octets)) {
            throw new AttestationException(Reason.INVALID_ARGUMENT, "field " + tag + " is not an octet string");
        }
        return octets.value();
    }

    private static Optional<TlvElement> field(TlvElement fields, int tag) throws AttestationException {
        if (!(fields instanceof TlvElement.Structure structure)) {
            throw new AttestationException(Reason.INVALID_ARGUMENT, "command fields are not a structure");
        }
        return structure.member(tag);
    }

    private static AttestationException missing(int tag) {
        return new AttestationException(Reason.INVALID_ARGUMENT, "command field " + tag + " is missing");
    }

    private static TlvElement structure(TlvElement... members) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(members));
    }
}
