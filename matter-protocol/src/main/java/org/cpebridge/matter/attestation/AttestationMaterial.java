package org.cpebridge.matter.attestation;

import java.util.Objects;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.cpebridge.bytes.Bytes;

/**
 * What a node needs to answer attestation: its DAC with the private key, the PAI that issued it and the
 * Certification Declaration. Built only through {@link #of}, which checks that the pieces belong together, so a
 * misconfigured product fails at startup rather than at a customer's commissioning. {@link #toString()} shows no
 * key material.
 */
public final class AttestationMaterial {

    private final AttestationCertificate dac;
    private final P256KeyPair dacKey;
    private final AttestationCertificate pai;
    private final Bytes certificationDeclaration;
    private final CertificationElements declaration;

    private AttestationMaterial(AttestationCertificate dac, P256KeyPair dacKey, AttestationCertificate pai,
                                Bytes certificationDeclaration, CertificationElements declaration) {
        this.dac = dac;
        this.dacKey = dacKey;
        this.pai = pai;
        this.certificationDeclaration = certificationDeclaration;
        this.declaration = declaration;
    }

    /**
     * Assembles and checks material: the key is the DAC's, the PAI issued and signed the DAC, the DAC carries
     * vendor and product ids, PAI ids agree with them, and the CD (parsed, not signature-checked: its signer is the
     * CSA's) covers the DAC's ids.
     *
     * @throws AttestationException naming what does not fit
     */
    public static AttestationMaterial of(Bytes dacDer, P256KeyPair dacKey, Bytes paiDer, Bytes cdDer)
            throws AttestationException {
        Objects.requireNonNull(dacKey, "dacKey");
        AttestationCertificate dac = AttestationCertificate.parse(dacDer);
        AttestationCertificate pai = AttestationCertificate.parse(paiDer);
        if (!dac.publicKey().equals(dacKey.publicKey())) {
            throw new AttestationException(Reason.KEY_MISMATCH, "DAC private key does not match the DAC");
        }
        if (!dac.issuer().equals(pai.subject()) || !dac.isSignedBy(pai.publicKey())
                || dac.authorityKeyId().isEmpty() || !dac.authorityKeyId().equals(pai.subjectKeyId())) {
            throw new AttestationException(Reason.CHAIN_BROKEN, "DAC is not issued by the PAI");
        }
        if (dac.vendorId().isEmpty() || dac.productId().isEmpty()) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, "DAC lacks a vendor or product id");
        }
        int vendor = dac.vendorId().getAsInt();
        int product = dac.productId().getAsInt();
        if (pai.vendorId().isPresent() && pai.vendorId().getAsInt() != vendor
                || pai.productId().isPresent() && pai.productId().getAsInt() != product) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, "PAI and DAC ids differ");
        }
        CertificationElements declaration = CertificationDeclarations.parse(cdDer.toByteArray()).elements();
        boolean covered = declaration.dacOriginVendorId().isPresent()
                ? declaration.dacOriginVendorId().getAsInt() == vendor
                        && declaration.dacOriginProductId().getAsInt() == product
                : declaration.vendorId() == vendor && declaration.productIds().contains(product);
        if (!covered) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, String.format(
                    "CD (vid 0x%04X pids %s) does not cover DAC vid 0x%04X pid 0x%04X", declaration.vendorId(),
                    declaration.productIds(), vendor, product));
        }
        return new AttestationMaterial(dac, dacKey, pai, cdDer, declaration);
    }

    public AttestationCertificate dac() {
        return dac;
    }

    /** The DAC private key: sign with it, never log or export it. */
    public P256KeyPair dacKey() {
        return dacKey;
    }

    public AttestationCertificate pai() {
        return pai;
    }

    /** The CMS-signed Certification Declaration, DER. */
    public Bytes certificationDeclaration() {
        return certificationDeclaration;
    }

    /** The decoded CD content. */
    public CertificationElements declaration() {
        return declaration;
    }

    /** The DAC's vendor id; Basic Information's VendorID must equal it. */
    public int vendorId() {
        return dac.vendorId().getAsInt();
    }

    /** The DAC's product id; Basic Information's ProductID must equal it. */
    public int productId() {
        return dac.productId().getAsInt();
    }

    /**
     * Checks that the ids the node announces (Basic Information VendorID/ProductID, DNS-SD {@code VP}) are the
     * DAC's, as commissioners compare them.
     *
     * @throws AttestationException {@code VID_PID_MISMATCH} otherwise
     */
    public void requireIds(int announcedVendorId, int announcedProductId) throws AttestationException {
        if (announcedVendorId != vendorId() || announcedProductId != productId()) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, String.format(
                    "announced vid 0x%04X pid 0x%04X but the DAC has vid 0x%04X pid 0x%04X", announcedVendorId,
                    announcedProductId, vendorId(), productId()));
        }
    }

    @Override
    public String toString() {
        return String.format("AttestationMaterial[vid=0x%04X, pid=0x%04X, dac=%s]", vendorId(), productId(), dac);
    }
}
