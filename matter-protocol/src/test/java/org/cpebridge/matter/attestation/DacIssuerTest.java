package org.cpebridge.matter.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

import org.cpebridge.matter.crypto.P256KeyPair;
import org.junit.jupiter.api.Test;

class DacIssuerTest {

    @Test
    void issuedDacChainsToTheTestPaa() throws Exception {
        P256KeyPair key = P256KeyPair.generate(new SeededRandom(10));
        byte[] der = new DacIssuer(TestMaterial.pai(), TestMaterial.paiKey()).issue(key.publicKey(), 0x8000,
                "cpe-bridge test DAC", new SeededRandom(11));
        AttestationCertificate dac = AttestationCertificate.parse(der);

        assertEquals(TestMaterial.paa(), TestMaterial.verifier().verifyChain(dac, TestMaterial.pai(),
                Optional.of(Instant.parse("2030-01-01T00:00:00Z"))));
        assertEquals(OptionalInt.of(0xFFF1), dac.vendorId());
        assertEquals(OptionalInt.of(0x8000), dac.productId());
        assertEquals(key.publicKey(), dac.publicKey());
        // Validity starts with the PAI's and has no end (spec 6.2.2: 99991231235959Z).
        assertEquals(TestMaterial.pai().notBefore(), dac.notBefore());
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), dac.notAfter());
        // Subject key id is the SHA-1 of the public key bits (RFC 5280 4.2.1.2 method 1).
        assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(key.publicKey().encodeUncompressed()),
                dac.subjectKeyId().orElseThrow().toByteArray());
    }

    @Test
    void javaCertificateFactoryAcceptsTheDac() throws Exception {
        P256KeyPair key = P256KeyPair.generate(new SeededRandom(12));
        byte[] der = new DacIssuer(TestMaterial.pai(), TestMaterial.paiKey()).issue(key.publicKey(), 0x8000,
                "cpe-bridge test DAC", new SeededRandom(13));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate dac = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        X509Certificate pai = (X509Certificate) factory.generateCertificate(
                new ByteArrayInputStream(TestMaterial.pai().der().toByteArray()));

        dac.verify(pai.getPublicKey());
        assertEquals(-1, dac.getBasicConstraints());
        assertTrue(dac.getKeyUsage()[0]);
        assertTrue(dac.getCriticalExtensionOIDs().containsAll(java.util.Set.of("2.5.29.19", "2.5.29.15")));
        assertEquals(pai.getSubjectX500Principal(), dac.getIssuerX500Principal());
        assertTrue(dac.getSerialNumber().signum() > 0);
        assertTrue(dac.getSerialNumber().bitLength() <= 63);
    }

    @Test
    void everyDacIsUnique() throws Exception {
        DacIssuer issuer = new DacIssuer(TestMaterial.pai(), TestMaterial.paiKey());
        SeededRandom random = new SeededRandom(14);
        byte[] first = issuer.issue(P256KeyPair.generate(random).publicKey(), 0x8000, "a", random);
        byte[] second = issuer.issue(P256KeyPair.generate(random).publicKey(), 0x8000, "a", random);

        assertNotEquals(AttestationCertificate.parse(first).subjectKeyId(),
                AttestationCertificate.parse(second).subjectKeyId());
        assertTrue(!Arrays.equals(first, second));
    }

    @Test
    void refusesAKeyThatIsNotThePais() throws AttestationException {
        assertEquals(AttestationException.Reason.KEY_MISMATCH, assertThrows(AttestationException.class,
                () -> new DacIssuer(TestMaterial.pai(), TestMaterial.cdSigningKey())).reason());
    }
}
