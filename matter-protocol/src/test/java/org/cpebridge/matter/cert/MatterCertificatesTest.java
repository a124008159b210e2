package org.cpebridge.matter.cert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** TLV ⇄ X.509 DER against connectedhomeip {@code src/credentials/tests/CHIPCert_test_vectors.cpp}. */
class MatterCertificatesTest {

    private static final byte[][][] PAIRS = {
        {CertVectors.ROOT01_TLV, CertVectors.ROOT01_DER},
        {CertVectors.ROOT03_TLV, CertVectors.ROOT03_DER},
        {CertVectors.ICA01_TLV, CertVectors.ICA01_DER},
        {CertVectors.NODE01_01_TLV, CertVectors.NODE01_01_DER}};

    @Test
    void root01FieldsMatchTheSdkDump() throws Exception {
        MatterCertificate root = MatterCertificates.decodeTlv(CertVectors.ROOT01_TLV);
        // CHIPCert_test_vectors.cpp Root01 dump: Serial Number 0x534c458273623514
        assertEquals(Bytes.fromHex("534c458273623514"), root.serialNumber());
        // Issuer = Subject: 1.3.6.1.4.1.37244.1.4 (matter-rcac-id) = CACACACA00000001
        List<DnAttribute> name = List.of(new DnAttribute.MatterId(DnAttribute.RCAC_ID, 0xCACACACA00000001L));
        assertEquals(name, root.issuer());
        assertEquals(name, root.subject());
        // Not Before: Oct 15 14:23:43 2020 GMT; Not After: Oct 15 14:23:42 2040 GMT
        assertEquals(Instant.parse("2020-10-15T14:23:43Z"),
                Instant.ofEpochSecond(MatterCertificates.MATTER_EPOCH_UNIX_SECONDS + root.notBefore()));
        assertEquals(Instant.parse("2040-10-15T14:23:42Z"),
                Instant.ofEpochSecond(MatterCertificates.MATTER_EPOCH_UNIX_SECONDS + root.notAfter()));
        // CA:TRUE; Certificate Sign, CRL Sign; SKID = AKID = CC:13:08:AF:...:5F
        Bytes keyId = Bytes.fromHex("cc1308af82cfee505eb23b57bfe86a311665535f");
        assertEquals(List.of(new CertExtension.BasicConstraints(true, OptionalInt.empty()),
                new CertExtension.KeyUsage(CertExtension.KeyUsage.KEY_CERT_SIGN | CertExtension.KeyUsage.CRL_SIGN),
                new CertExtension.SubjectKeyId(keyId), new CertExtension.AuthorityKeyId(keyId)), root.extensions());
    }

    @Test
    void nocFieldsMatchTheSdkDump() throws Exception {
        MatterCertificate noc = MatterCertificates.decodeTlv(CertVectors.NODE01_01_TLV);
        // Node01_01: Subject node-id DEDEDEDE00010001, fabric-id FAB000000000001D; issuer icac-id CACACACA00000003
        assertEquals(List.of(new DnAttribute.MatterId(DnAttribute.NODE_ID, 0xDEDEDEDE00010001L),
                new DnAttribute.MatterId(DnAttribute.FABRIC_ID, 0xFAB000000000001DL)), noc.subject());
        assertEquals(List.of(new DnAttribute.MatterId(DnAttribute.ICAC_ID, 0xCACACACA00000003L)), noc.issuer());
        // CA:FALSE; Digital Signature; TLS Web Client Authentication, TLS Web Server Authentication
        assertEquals(new CertExtension.BasicConstraints(false, OptionalInt.empty()), noc.extensions().get(0));
        assertEquals(new CertExtension.KeyUsage(CertExtension.KeyUsage.DIGITAL_SIGNATURE), noc.extensions().get(1));
        assertEquals(new CertExtension.ExtendedKeyUsage(List.of(2, 1)), noc.extensions().get(2));
    }

    @Test
    void tlvReEncodesByteForByte() throws Exception {
        for (byte[][] pair : PAIRS) {
            assertArrayEquals(pair[0], MatterCertificates.encodeTlv(MatterCertificates.decodeTlv(pair[0])));
        }
    }

    @Test
    void tlvConvertsToTheSdkDer() throws Exception {
        for (byte[][] pair : PAIRS) {
            assertArrayEquals(pair[1], MatterCertificates.toX509Der(MatterCertificates.decodeTlv(pair[0])));
        }
    }

    @Test
    void derConvertsToTheSdkTlv() throws Exception {
        for (byte[][] pair : PAIRS) {
            MatterCertificate fromDer = MatterCertificates.fromX509Der(pair[1]);
            assertEquals(MatterCertificates.decodeTlv(pair[0]), fromDer);
            assertArrayEquals(pair[0], MatterCertificates.encodeTlv(fromDer));
        }
    }

    @Test
    void noExpiryIsGeneralizedTime99991231() throws Exception {
        MatterCertificate root03 = MatterCertificates.decodeTlv(CertVectors.ROOT03_TLV);
        assertEquals(0, root03.notAfter());
        assertEquals(new CertExtension.BasicConstraints(true, OptionalInt.of(1)), root03.extensions().get(0));
        byte[] der = MatterCertificates.toX509Der(root03);
        // GeneralizedTime (0x18), 15 bytes, "99991231235959Z"
        byte[] expected = Bytes.fromHex("180f" + "3939393931323331323335393539" + "5a").toByteArray();
        assertTrue(indexOf(der, expected) > 0);
    }

    @Test
    void signaturesVerifyAlongTheChain() throws Exception {
        MatterCertificate root = MatterCertificates.decodeTlv(CertVectors.ROOT01_TLV);
        MatterCertificate ica = MatterCertificates.decodeTlv(CertVectors.ICA01_TLV);
        MatterCertificate noc = MatterCertificates.decodeTlv(CertVectors.NODE01_01_TLV);
        MatterCertificate root03 = MatterCertificates.decodeTlv(CertVectors.ROOT03_TLV);
        P256Point rootKey = P256Point.decode(root.publicKey().toByteArray());
        P256Point icaKey = P256Point.decode(ica.publicKey().toByteArray());
        assertTrue(MatterCertificates.verifySignature(root, rootKey));
        assertTrue(MatterCertificates.verifySignature(ica, rootKey));
        assertTrue(MatterCertificates.verifySignature(noc, icaKey));
        assertTrue(MatterCertificates.verifySignature(root03, P256Point.decode(root03.publicKey().toByteArray())));
        assertFalse(MatterCertificates.verifySignature(noc, rootKey));
        MatterCertificate tampered = new MatterCertificate(noc.serialNumber(), noc.issuer(), noc.notBefore() + 1,
                noc.notAfter(), noc.subject(), noc.publicKey(), noc.extensions(), noc.signature());
        assertFalse(MatterCertificates.verifySignature(tampered, icaKey));
    }

    @Test
    void sdkErrorVectorWithCommonProfileTagIsRejected() {
        // CHIPCert_test_vectors.cpp sTestCert_Node01_01_Err01_Chip (SDK expects CHIP_ERROR_INVALID_TLV_TAG)
        assertThrows(CertificateFormatException.class,
                () -> MatterCertificates.decodeTlv(CertVectors.NODE01_01_ERR01_TLV));
    }

    @Test
    void malformedTlvIsRejected() {
        byte[] tlv = CertVectors.ROOT01_TLV;
        assertThrows(CertificateFormatException.class,
                () -> MatterCertificates.decodeTlv(Arrays.copyOf(tlv, tlv.length - 1)));
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.decodeTlv(new byte[0]));
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.decodeTlv(new byte[] {0x15, 0x18}));
        byte[] wrongAlgorithm = tlv.clone();
        wrongAlgorithm[14] = 0x02; // sig-algo 2 (field 24 02 01 at offset 12)
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.decodeTlv(wrongAlgorithm));
        byte[] shortSignature = tlv.clone();
        shortSignature[tlv.length - 67] = 0x3f; // signature length 0x40 -> 0x3f
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.decodeTlv(shortSignature));
    }

    @Test
    void malformedOrNonCanonicalDerIsRejected() {
        byte[] der = CertVectors.ROOT01_DER;
        assertThrows(CertificateFormatException.class,
                () -> MatterCertificates.fromX509Der(Arrays.copyOf(der, der.length - 1)));
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.fromX509Der(new byte[0]));
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.fromX509Der(new byte[] {0x30, 0x00}));
        // Trailing bytes after the certificate
        byte[] padded = Arrays.copyOf(der, der.length + 1);
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.fromX509Der(padded));
        byte[] wrongVersion = der.clone();
        wrongVersion[12] = 0x01; // a0 03 02 01 02 -> version 1
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.fromX509Der(wrongVersion));
        // notAfter 2040 re-tagged from UTCTime (0x17) to GeneralizedTime (0x18) with the same 13 characters:
        // not valid DER GeneralizedTime, and not what the TLV would rebuild, so the signature could not cover it
        byte[] retagged = der.clone();
        int notAfter = indexOf(der, Bytes.fromHex("170d343031303135").toByteArray());
        retagged[notAfter] = 0x18;
        assertThrows(CertificateFormatException.class, () -> MatterCertificates.fromX509Der(retagged));
    }

    @Test
    void textAttributesAndFutureExtensionsRoundTrip() throws Exception {
        MatterCertificate noc = MatterCertificates.decodeTlv(CertVectors.NODE01_01_TLV);
        // A subject with common name (UTF8String), a PrintableString organization and a CAT; an extra DER extension
        List<DnAttribute> subject = List.of(new DnAttribute.Text(1, false, "Bridge"),
                new DnAttribute.Text(7, true, "cpe bridge"), new DnAttribute.MatterId(DnAttribute.NOC_CAT, 0xABCD0001L));
        // Extension { 1.2.3.4, OCTET STRING { NULL } }
        Bytes future = Bytes.fromHex("300906032a0304040205" + "00");
        MatterCertificate custom = new MatterCertificate(noc.serialNumber(), noc.issuer(), noc.notBefore(),
                noc.notAfter(), subject, noc.publicKey(),
                List.of(noc.extensions().get(0), noc.extensions().get(1), new CertExtension.Future(future)),
                noc.signature());
        byte[] der = MatterCertificates.toX509Der(custom);
        assertEquals(custom, MatterCertificates.fromX509Der(der));
        assertEquals(custom, MatterCertificates.decodeTlv(MatterCertificates.encodeTlv(custom)));
        // CAT written as 8 upper-case hex digits
        assertTrue(indexOf(der, "ABCD0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) > 0);
        // PrintableString tag 0x13 precedes "cpe bridge"
        assertTrue(indexOf(der, Bytes.fromHex("130a").toByteArray()) > 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
