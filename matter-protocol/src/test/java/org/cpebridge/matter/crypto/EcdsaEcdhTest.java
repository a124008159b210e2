package org.cpebridge.matter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class EcdsaEcdhTest {

    // RFC 6979 A.2.5 (also connectedhomeip src/crypto/tests/ECDSA_det_test_vectors.h): private key x
    private static final String PRIVATE = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    // RFC 6979 A.2.5: public key U = xG, uncompressed 04 || Ux || Uy
    private static final String PUBLIC = "04"
            + "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
            + "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
    // RFC 6979 A.2.5, SHA-256, message "sample": r || s
    private static final String SIG_SAMPLE = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
            + "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
    // RFC 6979 A.2.5, SHA-256, message "test": r || s
    private static final String SIG_TEST = "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
            + "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void publicKeyFromPrivate() {
        assertArrayEquals(hex(PUBLIC), P256KeyPair.fromPrivate(hex(PRIVATE)).publicKey().encodeUncompressed());
    }

    @Test
    void deterministicSignaturesMatchRfc6979() {
        P256KeyPair key = P256KeyPair.fromPrivate(hex(PRIVATE));
        assertArrayEquals(hex(SIG_SAMPLE), Ecdsa.sign(key, ascii("sample")));
        assertArrayEquals(hex(SIG_TEST), Ecdsa.sign(key, ascii("test")));
    }

    @Test
    void verifyAcceptsVectorAndRejectsTampering() throws CryptoException {
        P256Point pub = P256Point.decode(hex(PUBLIC));
        assertTrue(Ecdsa.verify(pub, ascii("sample"), hex(SIG_SAMPLE)));
        assertFalse(Ecdsa.verify(pub, ascii("samplf"), hex(SIG_SAMPLE)));
        byte[] flipped = hex(SIG_SAMPLE);
        flipped[63] ^= 1;
        assertFalse(Ecdsa.verify(pub, ascii("sample"), flipped));
        assertFalse(Ecdsa.verify(pub, ascii("sample"), new byte[63]));
        assertFalse(Ecdsa.verify(pub, ascii("sample"), new byte[64]));
        assertFalse(Ecdsa.verify(pub, ascii("sample"), null));
    }

    @Test
    void rawToDerAddsSignPaddingOnlyWhereNeeded() throws CryptoException {
        // DER of RFC 6979 "test": r has its top bit set (0x00 pad, 33 bytes), s does not (leading 0x01, 32 bytes)
        byte[] der = hex("3045" + "022100" + SIG_TEST.substring(0, 64) + "0220" + SIG_TEST.substring(64));
        assertArrayEquals(der, Ecdsa.rawToDer(hex(SIG_TEST)));
        assertArrayEquals(hex(SIG_TEST), Ecdsa.derToRaw(der));
    }

    @Test
    void derConversionMatchesSdkVectors() throws CryptoException {
        // connectedhomeip src/crypto/tests/DerSigConversion_test_vectors.h, the three 32-byte cases
        String[][] cases = {
            // CASE 1: MSB not set, all bytes non-zero
            {"7e".repeat(32) + "7f".repeat(32), "3044" + "0220" + "7e".repeat(32) + "0220" + "7f".repeat(32)},
            // CASE 2: MSB not set, first 16 bytes zero (DER drops them, then needs a 0x00 sign byte)
            {"00".repeat(16) + "80".repeat(16) + "00".repeat(16) + "81".repeat(16),
                "3026" + "021100" + "80".repeat(16) + "021100" + "81".repeat(16)},
            // CASE 3: MSB set, full width
            {"80" + "00".repeat(30) + "01" + "81" + "00".repeat(30) + "02",
                "3046" + "022100" + "80" + "00".repeat(30) + "01" + "022100" + "81" + "00".repeat(30) + "02"}};
        for (String[] c : cases) {
            assertArrayEquals(hex(c[1]), Ecdsa.rawToDer(hex(c[0])));
            assertArrayEquals(hex(c[0]), Ecdsa.derToRaw(hex(c[1])));
        }
        // CASE 5 (all zeroes) is well-formed DER but r = s = 0 is never a valid ECDSA signature
        assertThrows(CryptoException.class, () -> Ecdsa.derToRaw(hex("3006020100020100")));
    }

    @Test
    void derToRawRestoresShortIntegers() throws CryptoException {
        // r = 1, s = 0x7f: DER keeps minimal integers, raw form left-pads to 32 bytes each
        byte[] raw = Ecdsa.derToRaw(hex("300602010102017f"));
        assertEquals(64, raw.length);
        assertEquals(1, raw[31]);
        assertEquals(0x7f, raw[63]);
    }

    @Test
    void derToRawRejectsGarbage() {
        assertThrows(CryptoException.class, () -> Ecdsa.derToRaw(new byte[0]));
        assertThrows(CryptoException.class, () -> Ecdsa.derToRaw(hex("3045022100")));
        assertThrows(CryptoException.class, () -> Ecdsa.derToRaw(hex("300302010a")));
        assertThrows(CryptoException.class, () -> Ecdsa.derToRaw(hex("3006020100020101")));
        assertThrows(CryptoException.class, () -> Ecdsa.derToRaw(hex("3006040101020101")));
        assertThrows(CryptoException.class, () -> Ecdsa.derToRaw(hex("30060201010201010000")));
    }

    @Test
    void ecdhBothSidesAgree() throws CryptoException {
        P256KeyPair a = P256KeyPair.fromPrivate(hex(PRIVATE));
        P256KeyPair b = P256KeyPair.generate(FixedRandom.ofHex(
                "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"));
        assertArrayEquals(Ecdh.sharedSecret(a, b.publicKey()), Ecdh.sharedSecret(b, a.publicKey()));
    }

    @Test
    void ecdhRfc5903Vector() throws CryptoException {
        // RFC 5903 8.1 (256-bit random ECP group): initiator i, responder r, shared x of g^ir
        P256KeyPair i = P256KeyPair.fromPrivate(
                hex("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"));
        P256KeyPair r = P256KeyPair.fromPrivate(
                hex("c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53"));
        assertArrayEquals(hex("d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"),
                Ecdh.sharedSecret(i, r.publicKey()));
    }

    @Test
    void pointDecodingRejectsInvalidPoints() {
        assertThrows(CryptoException.class, () -> P256Point.decode(new byte[0]));
        assertThrows(CryptoException.class, () -> P256Point.decode(new byte[65]));
        byte[] offCurve = hex(PUBLIC);
        offCurve[64] ^= 1;
        assertThrows(CryptoException.class, () -> P256Point.decode(offCurve));
        byte[] badPrefix = hex(PUBLIC);
        badPrefix[0] = 0x05;
        assertThrows(CryptoException.class, () -> P256Point.decode(badPrefix));
        assertThrows(CryptoException.class, () -> P256Point.decode(hex(PUBLIC.substring(0, 128))));
    }

    @Test
    void keyPairRejectsOutOfRangeScalars() {
        assertThrows(IllegalArgumentException.class, () -> P256KeyPair.fromPrivate(new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> P256KeyPair.fromPrivate(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> P256KeyPair.fromPrivate(P256.scalarBytes(P256.ORDER)));
    }

    @Test
    void keyPairToStringHidesPrivateKey() {
        String text = P256KeyPair.fromPrivate(hex(PRIVATE)).toString();
        assertFalse(text.contains(PRIVATE));
    }
}
