package org.cpebridge.matter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class HashesTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sha256OfAbc() {
        // FIPS 180-2 appendix B.1 (also connectedhomeip src/crypto/tests/Hash_SHA256_test_vectors.h): SHA-256("abc")
        assertArrayEquals(hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                Hashes.sha256(ascii("abc")));
    }

    @Test
    void sha256OverPartsEqualsSha256OverConcatenation() {
        assertArrayEquals(Hashes.sha256(ascii("abc")), Hashes.sha256(ascii("a"), ascii(""), ascii("bc")));
    }

    @Test
    void hmacSha256Rfc4231Case1() {
        // RFC 4231 4.2: key = 0x0b * 20, data = "Hi There"
        assertArrayEquals(hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
                Hashes.hmacSha256(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), ascii("Hi There")));
    }

    @Test
    void hmacSha256Rfc4231Case2() {
        // RFC 4231 4.3: key = "Jefe", data = "what do ya want for nothing?"
        assertArrayEquals(hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
                Hashes.hmacSha256(ascii("Jefe"), ascii("what do ya want "), ascii("for nothing?")));
    }

    @Test
    void constantTimeEqualsComparesContent() {
        assertTrue(Hashes.constantTimeEquals(hex("0102"), hex("0102")));
        assertFalse(Hashes.constantTimeEquals(hex("0102"), hex("0103")));
        assertFalse(Hashes.constantTimeEquals(hex("0102"), hex("010203")));
    }

    @Test
    void hkdfRfc5869Case1() {
        // connectedhomeip src/crypto/tests/HKDF_SHA256_test_vectors.h v1 (= RFC 5869 A.1):
        // IKM = 0x0b * 22, salt = 00..0c, info = f0..f9, L = 42
        assertArrayEquals(
                hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
                Hkdf.sha256(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex("000102030405060708090a0b0c"),
                        hex("f0f1f2f3f4f5f6f7f8f9"), 42));
    }

    @Test
    void hkdfRfc5869Case2LongInputs() {
        // connectedhomeip src/crypto/tests/HKDF_SHA256_test_vectors.h v2 (= RFC 5869 A.2):
        // IKM = 00..4f, salt = 60..af, info = b0..ff, L = 82
        assertArrayEquals(hex("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87"),
                Hkdf.sha256(range(0x00, 80), range(0x60, 80), range(0xb0, 80), 82));
    }

    @Test
    void hkdfRfc5869Case3NoSaltNoInfo() {
        // RFC 5869 A.3: IKM = 0x0b * 22, salt = empty, info = empty, L = 42
        assertArrayEquals(
                hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
                Hkdf.sha256(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), new byte[0], new byte[0], 42));
    }

    @Test
    void hkdfRejectsOutOfRangeLength() {
        assertThrows(IllegalArgumentException.class, () -> Hkdf.sha256(new byte[1], new byte[0], new byte[0], 0));
        assertThrows(IllegalArgumentException.class,
                () -> Hkdf.sha256(new byte[1], new byte[0], new byte[0], 255 * 32 + 1));
    }

    @Test
    void pbkdf2SdkVectors() {
        // connectedhomeip src/crypto/tests/PBKDF2_SHA256_test_vectors.h, tcId 1..5
        assertArrayEquals(hex("9a87d25e37408fd72f423d2285c7086d3a642a26"),
                Pbkdf2.hmacSha256(ascii("password"), ascii("saltSALT"), 1, 20));
        assertArrayEquals(hex("a0f30e25e8659c36a09589490d64a6b12e0c383c"),
                Pbkdf2.hmacSha256(ascii("password"), ascii("saltSALT"), 2, 20));
        assertArrayEquals(hex("861614287714d42975165eb63ea78cce8550713c"),
                Pbkdf2.hmacSha256(ascii("password"), ascii("saltSALT"), 5, 20));
        assertArrayEquals(hex("3f127837889c4a623d6e8dc88ca33c0123a29f07"),
                Pbkdf2.hmacSha256(ascii("password"), ascii("saltSALT"), 3, 20));
        assertArrayEquals(hex("281aef26fa2ddf5b768201ff3addfc680ada0787c9b4765542"),
                Pbkdf2.hmacSha256(ascii("passwordPASSWORDpassword"), ascii("saltSALTsaltSALT"), 10, 25));
    }

    @Test
    void pbkdf2RejectsEmptyInputs() {
        // connectedhomeip PBKDF2_SHA256_test_vectors.h tcId 7, 9, 11: empty password / length / salt are invalid
        assertThrows(IllegalArgumentException.class, () -> Pbkdf2.hmacSha256(new byte[0], ascii("saltSALT"), 1, 20));
        assertThrows(IllegalArgumentException.class, () -> Pbkdf2.hmacSha256(ascii("password"), new byte[0], 1, 20));
        assertThrows(IllegalArgumentException.class,
                () -> Pbkdf2.hmacSha256(ascii("password"), ascii("saltSALT"), 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Pbkdf2.hmacSha256(ascii("password"), ascii("saltSALT"), 0, 20));
    }

    private static byte[] range(int first, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (first + i);
        }
        return out;
    }
}
