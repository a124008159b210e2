package org.cpebridge.matter.attestation;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.bytes.Bytes;

/**
 * The commissioner's side of device attestation (Matter core spec 6.2.3 "Device Attestation Procedure"): checks a
 * DAC ← PAI ← PAA chain against a trust store, the vendor/product id rules, the Certification Declaration and the
 * attestation signature. The bridge runs it on its own material at startup and in tests, so what it sends is what a
 * strict controller accepts.
 */
public final class DeviceAttestationVerifier {

    private final Map<Bytes, AttestationCertificate> trustedPaas = new HashMap<>();
    private final Map<Bytes, P256Point> cdSigners;
    private final boolean allowDevelopmentDeclarations;

    /**
     * @param trustedPaas the PAA trust store
     * @param cdSigners CD signing keys by subject key id
     * @param allowDevelopmentDeclarations whether a CD of certification type 0 (development) is accepted, as
     *     controllers in development mode do
     */
    public DeviceAttestationVerifier(Collection<AttestationCertificate> trustedPaas, Map<Bytes, P256Point> cdSigners,
                                     boolean allowDevelopmentDeclarations) {
        for (AttestationCertificate paa : trustedPaas) {
            paa.subjectKeyId().ifPresent(keyId -> this.trustedPaas.put(keyId, paa));
        }
        this.cdSigners = Map.copyOf(cdSigners);
        this.allowDevelopmentDeclarations = allowDevelopmentDeclarations;
    }

    /**
     * Checks a DAC ← PAI ← PAA chain: signatures, key id links, CA flags and path lengths, key usages, validity at
     * {@code at} when given, and that PAA, PAI and DAC vendor ids agree and the PAI product id, if any, is the DAC's.
     *
     * @return the trusted PAA the chain ends in
     */
    public AttestationCertificate verifyChain(AttestationCertificate dac, AttestationCertificate pai,
                                              Optional<Instant> at) throws AttestationException {
        Bytes paiKeyId = required(pai.subjectKeyId(), "PAI subject key id");
        Bytes paaKeyId = required(pai.authorityKeyId(), "PAI authority key id");
        required(dac.subjectKeyId(), "DAC subject key id");
        if (!paiKeyId.equals(required(dac.authorityKeyId(), "DAC authority key id"))) {
            throw new AttestationException(Reason.CHAIN_BROKEN, "DAC authority key id is not the PAI's key id");
        }
        AttestationCertificate paa = trustedPaas.get(paaKeyId);
        if (paa == null) {
            throw new AttestationException(Reason.PAA_NOT_TRUSTED, "PAA " + paaKeyId.hex() + " is not trusted");
        }
        checkAuthority(paa, "PAA", 1);
        checkAuthority(pai, "PAI", 0);
        if (dac.isCertificateAuthority() || (dac.keyUsage() & AttestationCertificate.DIGITAL_SIGNATURE) == 0
                || (dac.keyUsage() & (AttestationCertificate.KEY_CERT_SIGN | AttestationCertificate.CRL_SIGN)) != 0) {
            throw new AttestationException(Reason.WRONG_EXTENSIONS,
                    "DAC must be an end entity with digitalSignature usage only");
        }
        if (!dac.issuer().equals(pai.subject()) || !dac.isSignedBy(pai.publicKey())) {
            throw new AttestationException(Reason.CHAIN_BROKEN, "DAC is not issued and signed by the PAI");
        }
        if (!pai.issuer().equals(paa.subject()) || !pai.isSignedBy(paa.publicKey())) {
            throw new AttestationException(Reason.CHAIN_BROKEN, "PAI is not issued and signed by the PAA");
        }
        if (at.isPresent()) {
            for (AttestationCertificate certificate : new AttestationCertificate[] {dac, pai, paa}) {
                if (at.get().isBefore(certificate.notBefore()) || at.get().isAfter(certificate.notAfter())) {
                    throw new AttestationException(Reason.EXPIRED, certificate + " is not valid at " + at.get());
                }
            }
        }
        checkVendorAndProduct(dac, pai, paa);
        return paa;
    }

    /**
     * Checks the Certification Declaration in the attestation elements against the DAC (spec 6.2.3 steps on the
     * CD): signer and signature, format version, certification type, vendor id and product id list or the DAC
     * origin ids, and the authorized PAA list.
     */
    public CertificationElements verifyDeclaration(Bytes certificationDeclaration, AttestationCertificate dac,
                                                   AttestationCertificate paa) throws AttestationException {
        CertificationElements cd = CertificationDeclarations.verify(
                CertificationDeclarations.parse(certificationDeclaration.toByteArray()), cdSigners);
        if (cd.formatVersion() != 1) {
            throw new AttestationException(Reason.CD_CONTENT_INVALID, "CD format version " + cd.formatVersion());
        }
        if (cd.certificationType() == CertificationElements.TYPE_DEVELOPMENT && !allowDevelopmentDeclarations) {
            throw new AttestationException(Reason.CD_CONTENT_INVALID, "development CD not accepted");
        }
        int dacVendor = dac.vendorId().orElseThrow();
        int dacProduct = dac.productId().orElseThrow();
        if (cd.dacOriginVendorId().isPresent()) {
            if (cd.dacOriginVendorId().getAsInt() != dacVendor || cd.dacOriginProductId().getAsInt() != dacProduct) {
                throw new AttestationException(Reason.VID_PID_MISMATCH, "DAC ids differ from the CD's DAC origin");
            }
        } else if (cd.vendorId() != dacVendor || !cd.productIds().contains(dacProduct)) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, String.format(
                    "DAC vid 0x%04X pid 0x%04X not covered by CD vid 0x%04X pids %s", dacVendor, dacProduct,
                    cd.vendorId(), cd.productIds()));
        }
        if (!cd.authorizedPaaList().isEmpty()
                && !cd.authorizedPaaList().contains(paa.subjectKeyId().orElseThrow())) {
            throw new AttestationException(Reason.PAA_NOT_TRUSTED, "PAA is not in the CD's authorized PAA list");
        }
        return cd;
    }

    /**
     * Runs the whole procedure on an AttestationResponse: chain, CD, nonce and attestation signature.
     *
     * @param attestationElements the response's TLV elements
     * @param attestationSignature the response's raw {@code r || s} signature
     * @param attestationNonce the nonce the commissioner sent
     * @param attestationChallenge the session's attestation challenge
     * @return the verified Certification Declaration content
     */
    public CertificationElements verifyAttestation(Bytes dacDer, Bytes paiDer, Bytes attestationElements,
                                                   Bytes attestationSignature, Bytes attestationNonce,
                                                   Bytes attestationChallenge, Optional<Instant> at)
            throws AttestationException {
        AttestationCertificate dac = AttestationCertificate.parse(dacDer);
        AttestationCertificate pai = AttestationCertificate.parse(paiDer);
        AttestationCertificate paa = verifyChain(dac, pai, at);
        byte[] signed = concat(attestationElements.toByteArray(), attestationChallenge.toByteArray());
        if (!Ecdsa.verify(dac.publicKey(), signed, attestationSignature.toByteArray())) {
            throw new AttestationException(Reason.SIGNATURE_INVALID, "attestation signature does not verify");
        }
        AttestationElements elements = AttestationElements.decode(attestationElements.toByteArray());
        if (!elements.attestationNonce().equals(attestationNonce)) {
            throw new AttestationException(Reason.NONCE_MISMATCH, "attestation nonce differs from the request's");
        }
        return verifyDeclaration(elements.certificationDeclaration(), dac, paa);
    }

    /**
     * Checks a CSRResponse (spec 6.2.3 / 11.18.6.6): the DAC signed the NOCSR elements with the challenge, the
     * nonce is the request's, and the CSR is well formed and self-signed.
     *
     * @return the operational public key the CSR carries
     */
    public static P256Point verifyCsrResponse(Bytes nocsrElements, Bytes attestationSignature, P256Point dacKey,
                                              Bytes csrNonce, Bytes attestationChallenge) throws AttestationException {
        byte[] signed = concat(nocsrElements.toByteArray(), attestationChallenge.toByteArray());
        if (!Ecdsa.verify(dacKey, signed, attestationSignature.toByteArray())) {
            throw new AttestationException(Reason.SIGNATURE_INVALID, "NOCSR signature does not verify");
        }
        NocsrElements elements = NocsrElements.decode(nocsrElements.toByteArray());
        if (!elements.csrNonce().equals(csrNonce)) {
            throw new AttestationException(Reason.NONCE_MISMATCH, "CSR nonce differs from the request's");
        }
        try {
            return org.cpebridge.matter.cert.CertificateSigningRequests.verifiedPublicKey(
                    elements.csr().toByteArray());
        } catch (org.cpebridge.matter.cert.CertificateFormatException e) {
            throw new AttestationException(Reason.MALFORMED, "CSR is invalid: " + e.getMessage(), e);
        }
    }

    private static void checkAuthority(AttestationCertificate certificate, String role, int maxPathLength)
            throws AttestationException {
        if (!certificate.isCertificateAuthority()
                || (certificate.keyUsage() & AttestationCertificate.KEY_CERT_SIGN) == 0) {
            throw new AttestationException(Reason.WRONG_EXTENSIONS, role + " must be a CA with keyCertSign");
        }
        OptionalInt pathLength = certificate.pathLength();
        if (pathLength.isPresent() && pathLength.getAsInt() > maxPathLength) {
            throw new AttestationException(Reason.WRONG_EXTENSIONS, role + " path length "
                    + pathLength.getAsInt() + " exceeds " + maxPathLength);
        }
    }

    private static void checkVendorAndProduct(AttestationCertificate dac, AttestationCertificate pai,
                                              AttestationCertificate paa) throws AttestationException {
        if (dac.vendorId().isEmpty() || dac.productId().isEmpty()) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, "DAC lacks a vendor or product id");
        }
        if (pai.vendorId().isEmpty()) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, "PAI lacks a vendor id");
        }
        if (paa.productId().isPresent()) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, "PAA must not carry a product id");
        }
        int vendor = dac.vendorId().getAsInt();
        if (pai.vendorId().getAsInt() != vendor
                || (paa.vendorId().isPresent() && paa.vendorId().getAsInt() != vendor)) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, "vendor ids of PAA, PAI and DAC differ");
        }
        if (pai.productId().isPresent() && pai.productId().getAsInt() != dac.productId().getAsInt()) {
            throw new AttestationException(Reason.VID_PID_MISMATCH, "PAI product id differs from the DAC's");
        }
    }

    private static Bytes required(Optional<Bytes> value, String what) throws AttestationException {
        return value.orElseThrow(() -> new AttestationException(Reason.WRONG_EXTENSIONS, "missing " + what));
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    @Override
    public String toString() {
        return "DeviceAttestationVerifier[paas=" + trustedPaas.size() + ", cdSigners=" + cdSigners.size() + "]";
    }

    /** Whether a PAA with this key id is trusted. */
    public boolean trusts(Bytes paaKeyId) {
        return trustedPaas.containsKey(Objects.requireNonNull(paaKeyId, "paaKeyId"));
    }
}
