package org.cpebridge.matter.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.junit.jupiter.api.Test;

class AttestationFilesTest {

    @Test
    void readsSec1Pkcs8AndRawKeysToTheSameKey() throws Exception {
        P256KeyPair sec1Pem = TestMaterial.sdkDacKey();
        byte[] sec1Der = AttestationFiles.der(AttestationFiles.resource(
                "attestation/Chip-Test-DAC-FFF1-8000-0000-Key.pem"), "EC PRIVATE KEY", "test");
        PrivateKeyInfo pkcs8 = new PrivateKeyInfo(new AlgorithmIdentifier(AttestationCertificate.EC_PUBLIC_KEY,
                AttestationCertificate.PRIME256V1), org.bouncycastle.asn1.ASN1Primitive.fromByteArray(sec1Der));

        assertEquals(sec1Pem.publicKey(), AttestationFiles.privateKey(sec1Der, "der").publicKey());
        assertEquals(sec1Pem.publicKey(), AttestationFiles.privateKey(pkcs8.getEncoded(ASN1Encoding.DER), "pkcs8")
                .publicKey());
        assertEquals(sec1Pem.publicKey(), AttestationFiles.privateKey(sec1Pem.privateKeyBytes(), "raw")
                .publicKey());
    }

    @Test
    void readsCertificatesInPemAndDer() throws AttestationException {
        AttestationCertificate pem = TestMaterial.pai();

        assertEquals(pem, AttestationFiles.certificate(pem.der().toByteArray(), "der"));
    }

    @Test
    void errorsNameTheSourceButNoKeyBytes() {
        byte[] notAKey = new DERSequence(new ASN1Integer(7)).toString().getBytes(StandardCharsets.US_ASCII);
        AttestationException e = assertThrows(AttestationException.class,
                () -> AttestationFiles.privateKey(notAKey, "/etc/dac-key.pem"));
        assertEquals(Reason.MALFORMED, e.reason());
        assertFalse(e.getMessage().contains("7"), e.getMessage());
        assertThrows(AttestationException.class, () -> AttestationFiles.privateKey(new DEROctetString(new byte[5])
                .toString().getBytes(StandardCharsets.US_ASCII), "x"));
        assertThrows(AttestationException.class, () -> AttestationFiles.certificate(
                "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII),
                "broken.pem"));
        assertThrows(AttestationException.class, () -> AttestationFiles.certificate(
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"
                        .getBytes(StandardCharsets.US_ASCII), "key-as-cert.pem"));
        assertThrows(AttestationException.class, () -> AttestationFiles.resource("attestation/none.pem"));
        assertEquals(new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"), AttestationCertificate.PRIME256V1);
    }
}
