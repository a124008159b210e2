package org.cpebridge.matter.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;

import org.cpebridge.matter.crypto.FixedRandom;
import org.cpebridge.matter.crypto.P256KeyPair;
import org.junit.jupiter.api.Test;

class CertificateSigningRequestsTest {

    // connectedhomeip src/crypto/tests/TestChipCryptoPAL.cpp good CSR (as reused by rs-matter cert/x509/csr.rs):
    // O=CSR, P-256 key, empty attributes, ecdsa-with-SHA256 written with a NULL parameter
    private static final byte[] GOOD_CSR = CertVectors.bytes("""
        0x30, 0x81, 0xca, 0x30, 0x70, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x31, 0x0c, 0x30, 0x0a, 0x06,
        0x03, 0x55, 0x04, 0x0a, 0x0c, 0x03, 0x43, 0x53, 0x52, 0x30, 0x59, 0x30, 0x13, 0x06, 0x07,
        0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03,
        0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0xa3, 0xbe, 0xa1, 0xf5, 0x42, 0x01, 0x07, 0x3c, 0x4b,
        0x75, 0x85, 0xd8, 0xe2, 0x98, 0xac, 0x2f, 0xf6, 0x98, 0xdb, 0xd9, 0x5b, 0xe0, 0x7e, 0xc1,
        0x04, 0xd5, 0x73, 0xc5, 0xb0, 0x90, 0x77, 0x27, 0x00, 0x1e, 0x22, 0xc7, 0x89, 0x5e, 0x4d,
        0x75, 0x07, 0x89, 0x82, 0x0f, 0x49, 0xb6, 0x59, 0xd5, 0xc5, 0x15, 0x7d, 0x93, 0xe6, 0x80,
        0x5c, 0x70, 0x89, 0x0a, 0x43, 0x10, 0x3d, 0xeb, 0x3d, 0x4a, 0xa0, 0x00, 0x30, 0x0c, 0x06,
        0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x05, 0x00, 0x03, 0x48, 0x00, 0x30,
        0x45, 0x02, 0x20, 0x1d, 0x86, 0x21, 0xb4, 0xc2, 0xe1, 0xa9, 0xf3, 0xbc, 0xc8, 0x7c, 0xda,
        0xb4, 0xb9, 0xc6, 0x8c, 0xd0, 0xe4, 0x9a, 0x9c, 0xef, 0x02, 0x93, 0x98, 0x27, 0x7e, 0x81,
        0x21, 0x5d, 0x20, 0x9d, 0x32, 0x02, 0x21, 0x00, 0x8b, 0x6b, 0x49, 0xb6, 0x7d, 0x3e, 0x67,
        0x9e, 0xb1, 0x22, 0xd3, 0x63, 0x82, 0x40, 0x4f, 0x49, 0xa4, 0xdc, 0x17, 0x35, 0xac, 0x4b,
        0x7a, 0xbf, 0x52, 0x05, 0x58, 0x68, 0xe0, 0xaa, 0xd2, 0x8e,
        """);
    // same source: the public key inside GOOD_CSR
    private static final String GOOD_CSR_KEY = "04a3bea1f54201073c4b7585d8e298ac2ff698dbd95be07ec104d573c5b0907727"
            + "001e22c7895e4d750789820f49b659d5c5157d93e6805c70890a43103deb3d4a";

    @Test
    void sdkCsrVerifiesAndYieldsItsKey() throws CertificateFormatException {
        assertArrayEquals(HexFormat.of().parseHex(GOOD_CSR_KEY),
                CertificateSigningRequests.verifiedPublicKey(GOOD_CSR).encodeUncompressed());
    }

    @Test
    void tamperedTruncatedOrPaddedCsrIsRejected() {
        // TestChipCryptoPAL.cpp bad-signature case: one signature byte changed (0xb1 0x22 -> 0xb1 0x21)
        byte[] badSignature = GOOD_CSR.clone();
        badSignature[GOOD_CSR.length - 23] = 0x21;
        assertEquals(0x22, GOOD_CSR[GOOD_CSR.length - 23]);
        assertThrows(CertificateFormatException.class,
                () -> CertificateSigningRequests.verifiedPublicKey(badSignature));
        assertThrows(CertificateFormatException.class,
                () -> CertificateSigningRequests.verifiedPublicKey(Arrays.copyOf(GOOD_CSR, GOOD_CSR.length + 4)));
        assertThrows(CertificateFormatException.class,
                () -> CertificateSigningRequests.verifiedPublicKey(Arrays.copyOf(GOOD_CSR, GOOD_CSR.length - 1)));
        assertThrows(CertificateFormatException.class, () -> CertificateSigningRequests.verifiedPublicKey(new byte[0]));
        assertThrows(CertificateFormatException.class,
                () -> CertificateSigningRequests.verifiedPublicKey(new byte[] {0x30, 0x00}));
    }

    @Test
    void builtCsrHasTheSdkShapeAndVerifies() throws CertificateFormatException {
        P256KeyPair key = P256KeyPair.generate(FixedRandom.ofHex(
                "492e7f9783ee15fdaa71a8a67b1f31f3c8d57b75094a4613b9bb3ef46fa60d89"));
        byte[] csr = CertificateSigningRequests.build(key);
        // Same info prefix as the SDK's CSR: version 0, subject O=CSR (UTF8String), then the key info
        byte[] prefix = HexFormat.of().parseHex(
                "020100" + "300e310c300a060355040a0c03435352" + "3059301306072a8648ce3d0201");
        int infoStart = csr[1] == (byte) 0x81 ? 3 : 2;
        int infoHeader = csr[infoStart + 1] == (byte) 0x81 ? 3 : 2;
        assertArrayEquals(prefix, Arrays.copyOfRange(csr, infoStart + infoHeader, infoStart + infoHeader
                + prefix.length));
        assertEquals(key.publicKey(), CertificateSigningRequests.verifiedPublicKey(csr));
    }
}
