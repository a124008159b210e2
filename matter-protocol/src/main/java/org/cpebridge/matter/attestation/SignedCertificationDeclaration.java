package org.cpebridge.matter.attestation;

import java.util.Objects;

import org.cpebridge.bytes.Bytes;

/**
 * A Certification Declaration taken out of its CMS envelope: the signed TLV content, the signer's subject key id and
 * the raw {@code r || s} signature. Check it with {@link CertificationDeclarations#verify}.
 *
 * @param content the TLV {@link CertificationElements} bytes, exactly as signed
 * @param signerKeyId subject key id of the CD signing certificate
 * @param signature ECDSA-SHA256 over {@code content}, raw {@code r || s}
 */
public record SignedCertificationDeclaration(Bytes content, Bytes signerKeyId, Bytes signature) {

    public SignedCertificationDeclaration {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signerKeyId, "signerKeyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** The decoded content. */
    public CertificationElements elements() throws AttestationException {
        return CertificationElements.decode(content.toByteArray());
    }
}
