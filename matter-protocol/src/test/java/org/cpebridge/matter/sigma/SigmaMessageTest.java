package org.cpebridge.matter.sigma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import org.cpebridge.matter.cert.MatterCertificates;
import org.cpebridge.matter.crypto.Ecdsa;
import org.cpebridge.matter.crypto.P256Point;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.pase.SessionParameters;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact CASE vectors. The captured exchange comes from matter.js
 * {@code packages/protocol/test/session/secure/CasePairingTest.ts} ("generates the right bytes for sigma 2" and
 * "... for sigma 3"): real Sigma1/Sigma2/Sigma3 payloads, the shared secret and IPK behind them, and the expected
 * TBSData, TBEData, S2K, S3K and session key. Hand-assembled vectors follow the tag tables of Matter core spec
 * 4.14.2.3 and the TLV encoding of Appendix A.
 */
class SigmaMessageTest {

    // ---- matter.js CasePairingTest.ts, "generates the right bytes for sigma 2" ----
    private static final String S2_SIGMA1 = "153001208681a088651b1803d3027e7994756aedb4c4bd56ca1f5e1c54cf6da4a104fffa"
            + "25028830300320066ab9dc4e84686b9fb7850d4b8306e8c42189f39c919459a552cf27ad34004230044104ae6e458cf40ad53761"
            + "ee90bc458aa577e6a1acf75410524551bb0bc4c708832c6525991ee2eed47df35ce2d83dad743bff6769ebbf731395d62453cb37"
            + "303e0335052501881325022c011818";
    private static final String S2_NOC = "153001010124020137032414001826048012542826058015203b370624150124115a1824"
            + "070124080130094104531a14e4c1b4cc7ac69aa5e403d5ccc3c5152c29fddedc29ac98ecff6c8f8695317446029cf3eb3e295ee1"
            + "8f0fd0ba9f06f7fa229138db0bc8d8c6f9875c9707370a3501280118240201360304020401183004149038f60c3542d5e610f29a"
            + "bc5f42ac09b07ee0d7300514e766069362d7e35b79687161644d222bdde93a6818300b40cbd9a06e77e9a7bcd19d02da0f2e5004"
            + "2f7d78201e8be26e793e995ca8f02f1094b34d0fd53b1f1458908d0d29183f2611e6132c6401d15dfff081d1021358ad18";
    private static final String IPK = "0c677d9b5ac585827b577470bd9bd516";
    private static final String S2_RESPONDER_RANDOM =
            "75d1443943a23371699bb017958a87e9ec6bbcad5f990aa3822a45bec7786489";
    private static final String S2_SHARED_SECRET = "08ec3182f7111854fd22fe527951527e4fe905d29a959f99013279cd9c9299f1";
    private static final String S2_RESPONDER_EPH = "04e2690445cc017a388853eaeca3a1ffd2712f6898e0bb523b8b496590804a39bf"
            + "1555300bbd2a159e927b428397fb07a41e26c8cdf858ec62a310d0480d94eb64";
    private static final String S2_INITIATOR_EPH = "04ae6e458cf40ad53761ee90bc458aa577e6a1acf75410524551bb0bc4c708832c"
            + "6525991ee2eed47df35ce2d83dad743bff6769ebbf731395d62453cb37303e03";
    private static final String S2_NOC_PUBLIC_KEY = "04531a14e4c1b4cc7ac69aa5e403d5ccc3c5152c29fddedc29ac98ecff6c8f86"
            + "95317446029cf3eb3e295ee18f0fd0ba9f06f7fa229138db0bc8d8c6f9875c9707";
    private static final String S2_SIGNATURE = "1736972364d84c4ae069f642f491256c6e74c86eda9f5ed4d89dfd7cadb68b67574f0"
            + "32afa2764fcc890e9218eaedcc484576d2d65e4df1ae22dd916f12ab59e";
    private static final String S2_RESUMPTION_ID = "8731f8cec507136df7558fca9360e9fc";
    private static final String S2_KEY = "7ed5e720195c511dc2d97535e262f935";
    private static final String S2_ENCRYPTED = "7db57138c40bd8f37deb377764270e35143ec2cadfa73ef138d5ff3818ca3f003db7"
            + "67061051a19cb2cb1756ff214a855b6c32a07798c22756ff22338928928baa9ed8ab9484e3a662612616a95a7dbd11ac8d84ebe"
            + "33b141366349452e47ebac98423140dffa764c83257c079c29a925f5a065ba98c491ae54289fc3d09d8bd8519e9f82dd51dfe43"
            + "17e22b8481ada14462f01a1b837dc7af1000a3869bc1f9539d69cf73e0eb2377e35b5f9799ccb38b14dab2735edf37660a64166"
            + "9031820133122b5b62267b8b543e797977278b4bef14b6a820749ce66617251356ab8b759ccb3b3cdb376ec1862268aacb46145"
            + "527f7940794fbc77c852a02bafb64e8e461e50349a342c34f493ac20abc7442ecf78531b4e07047af37dbe2e4746fb344169dd3"
            + "02f1ecc9339cb54a40b11957e2d395e4bcfb98a560247dffa5c22454febdb94b82c40838a279143a089b6ef8df76222ecdf4e04"
            + "bcd6e6e222";

    // ---- matter.js CasePairingTest.ts, "generates the right bytes for sigma 3" ----
    private static final String S3_RESPONDER_EPH = "04d1dbb16fd8ffda505a00f49c9af98eb5e98573708590575991aa06f09e295463"
            + "f33cccf49c8df7c5b58f6d02c4f193485d4c9ae41cf4df0b89b223822adf7db5";
    private static final String S3_INITIATOR_EPH = "041d5a2e34457dcb4184b94bf7cb6f64689ee73d69282daa5fa5ee6fa5810f80c1"
            + "36ec7b8806679878cb045d9b25aa28a1a411c77677f5a1cf6f98c4acfeb9793c";
    private static final String S3_SIGMA1 = "15300120dbf3b308b237d4a734ea0926a611706953fb83c80bf93dda569799777cd11fe1"
            + "250244c23003206283cd5207ae1602ed4b07f27f4166453966c601b3c8a825dc39f18b1fb12a55300441041d5a2e34457dcb4184"
            + "b94bf7cb6f64689ee73d69282daa5fa5ee6fa5810f80c136ec7b8806679878cb045d9b25aa28a1a411c77677f5a1cf6f98c4acfe"
            + "b9793c35052501881325022c011818";
    private static final String S3_SIGMA2 = "15300120c64d8172a7c8f77fadc6d6a35da29cb880ed54da6fa70d9e922ff96c12b13a4b"
            + "2502ece930034104d1dbb16fd8ffda505a00f49c9af98eb5e98573708590575991aa06f09e295463f33cccf49c8df7c5b58f6d02"
            + "c4f193485d4c9ae41cf4df0b89b223822adf7db531045c0186ce241016bdb0efe61b6ad8c57fc7e936773c7889994df8a891ae8c"
            + "d469b02c87d36719d103a0890d03525ca253c598cabdb48aeafdedf7c4bdb56dbab4977af00d258aeba02d7999d92d47976c987b"
            + "e4aa2e28bc67bc868bb6c7ef1d636f1cb26e2cf41e5733991a6064fdfb1cac762938e60f492760219832830e05d7128683431"
            + "26c80983f9d8bfeb5bdb373368d88eb72e5179c07f75a5f8f622285a0c02b2642ebf96cb4394717188a313cf960ec0a07927cad"
            + "e2edbe901511a77902c440860d2f4a3191aeca6039bb8891bf82798ddeb3944a68f613f8d2fbaa1ca572474c2e99c456f1a86cf"
            + "0bf9b547f45fe1069c33fb04429916b36cf17e6e65d61fe8b22d767b88218889eddc40c38335093c406c31c58d3a5770ef31899"
            + "cda4ded48acf1394f1467e124f33925bd7e4d6e3e1d80a0b82783a3ce440178e9295f24a778bb315a084831238bfab5f46727a3"
            + "1f5d797bb7a91d72101fb3635052501881325022c011818";
    private static final String S3_SIGMA3 = "1531014c01d3e009b49a46a2492a96fc8391dd90a53ad5de4fadc911a524036bbaf43957"
            + "7bf4ce9bb4b5cab2942c8c6e8d5666b3ce7449e0fb290833291641f40a366a4a9fd5573b5913b932914e23f13d25353d4cad0ad6"
            + "e2ecbb85163800580dfb7ea88c56bb67565e94542f49c2f0fe4a7de22ee0fecc85a28da31e32508c3ce1d30b4cfe7b7bb84d5c44"
            + "25f20336ea816f4b9a04c6c0828e4f4b24eb4aacf29a4b6b419d85dcf02d222c9826691aa73864f9cd6b8ebfd94680b0db75f735"
            + "6018284e2c9b3bcea807f73f5adaff5db005550e441921420ddc65500a2bd4a177875f71be4e293c35c8221867bf206c016d6d5a"
            + "dd4ceba754fb3ad375a03061634d3a0b0ae6b0bafe272640c545f07cf7742d960f399a12c09b7bf7833678e048e039ee7b1a66e3"
            + "65817fff0d0d7e28edb7beae205a2974b3273ae23909e9bb482cdc5b05363265d78eb747536336b7ef18";
    private static final String S3_SHARED_SECRET = "c1466cab85d7809732786f63cb3b014a51cd49d01f494fcd56665ba8e00e5502";
    private static final String S3_KEY = "5ba760e89d08efcfe22dbe5832684415";
    private static final String S3_TBE3 = "153001f4153001010124020137032414001826048012542826058015203b37062415012611"
            + "69b6010018240701240801300941041b5c00110e57c1c9bc0619ada179f31bb8c07c8b95b5b0f94ffb21acb87c4d307678026d85"
            + "8be56e2a2ad146b3a895480fc8a616c9199980bd620503f4a311e7370a3501280118240201360304020401183004144cf0ce8e72"
            + "e489e884550045a3bc6469b135fa3c300514e766069362d7e35b79687161644d222bdde93a6818300b40fa1b589089ed43e6ea3d"
            + "c500eb18b4933d735c3cf384246e641fe13701a46cfe5d5e7b8d9e6e6e7d203d24c23c7f8b56a7849b813c0bb8709a47ce089d19"
            + "a71b18300340b474e61e26d3a4bb243890632e2c12a82263a9433f31e9c0303d7b3ffc61799bce5b219679c90c820eebb9af5fb8"
            + "066c7d459b69cef49e37ccbb8c66534240f218";
    private static final String S3_I2R_KEY = "e3ffee2792dc6d8dee832e248d1df718";

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static Bytes bytes(String hex) {
        return Bytes.fromHex(hex);
    }

    @Test
    void capturedSigma1DecodesAndReencodesIdentically() throws Exception {
        SigmaMessage.Sigma1 sigma1 = SigmaMessage.Sigma1.decode(hex(S2_SIGMA1));
        // 15: anonymous structure
        // 30 01 20 <32>: tag 1 initiatorRandom, octet string of 32
        assertEquals(bytes("8681a088651b1803d3027e7994756aedb4c4bd56ca1f5e1c54cf6da4a104fffa"),
                sigma1.initiatorRandom());
        // 25 02 8830: tag 2 initiatorSessionId, u16 0x3088
        assertEquals(0x3088, sigma1.initiatorSessionId());
        // 30 03 20 <32>: tag 3 destinationId
        assertEquals(bytes("066ab9dc4e84686b9fb7850d4b8306e8c42189f39c919459a552cf27ad340042"), sigma1.destinationId());
        // 30 04 41 <65>: tag 4 initiatorEphPubKey
        assertEquals(bytes(S2_INITIATOR_EPH), sigma1.initiatorEphPubKey());
        // 35 05 { 25 01 8813: idle 5000 ms; 25 02 2c01: active 300 ms } 18
        assertEquals(Optional.of(new SessionParameters(java.util.OptionalLong.of(5000), java.util.OptionalLong.of(300),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty())), sigma1.initiatorSessionParams());
        // no tags 6/7: no resumption
        assertTrue(sigma1.resumptionId().isEmpty());
        assertEquals(SecureChannelOpcode.CASE_SIGMA1, sigma1.opcode());
        assertArrayEquals(hex(S2_SIGMA1), sigma1.encode());
    }

    @Test
    void capturedSigma2AndSigma3DecodeAndReencodeIdentically() throws Exception {
        SigmaMessage.Sigma2 sigma2 = SigmaMessage.Sigma2.decode(hex(S3_SIGMA2));
        // 30 01 20 <32>: tag 1 responderRandom
        assertEquals(bytes("c64d8172a7c8f77fadc6d6a35da29cb880ed54da6fa70d9e922ff96c12b13a4b"),
                sigma2.responderRandom());
        // 25 02 ece9: tag 2 responderSessionId 0xe9ec
        assertEquals(0xE9EC, sigma2.responderSessionId());
        // 30 03 41 <65>: tag 3 responderEphPubKey
        assertEquals(bytes(S3_RESPONDER_EPH), sigma2.responderEphPubKey());
        // 31 04 5c01 <348>: tag 4 encrypted2, octet string with a 2-byte length
        assertEquals(348, sigma2.encrypted2().length());
        // 35 05 {...} 18: tag 5 responderSessionParams
        assertEquals(5000, sigma2.responderSessionParams().orElseThrow().idleIntervalMs().getAsLong());
        assertArrayEquals(hex(S3_SIGMA2), sigma2.encode());

        SigmaMessage.Sigma3 sigma3 = SigmaMessage.Sigma3.decode(hex(S3_SIGMA3));
        // 31 01 4c01 <332>: tag 1 encrypted3
        assertEquals(332, sigma3.encrypted3().length());
        assertEquals(SecureChannelOpcode.CASE_SIGMA3, sigma3.opcode());
        assertArrayEquals(hex(S3_SIGMA3), sigma3.encode());
    }

    @Test
    void sigma2KeyScheduleSignedDataAndEncryptionMatchTheCapture() throws Exception {
        Bytes s2k = CaseKeys.sigma2Key(hex(S2_SHARED_SECRET), bytes(IPK), bytes(S2_RESPONDER_RANDOM),
                bytes(S2_RESPONDER_EPH), hex(S2_SIGMA1));
        assertEquals(bytes(S2_KEY), s2k);

        byte[] tbs2 = new SigmaSignedData(bytes(S2_NOC), Optional.empty(), bytes(S2_RESPONDER_EPH),
                bytes(S2_INITIATOR_EPH)).encode();
        // 15 | 30 01 f1 <NOC> | 30 03 41 <responder eph> | 30 04 41 <initiator eph> | 18
        assertArrayEquals(hex("153001f1" + S2_NOC + "300341" + S2_RESPONDER_EPH + "300441" + S2_INITIATOR_EPH + "18"),
                tbs2);
        assertTrue(Ecdsa.verify(P256Point.decode(hex(S2_NOC_PUBLIC_KEY)), tbs2, hex(S2_SIGNATURE)));

        byte[] tbe2 = new SigmaEncryptedData(bytes(S2_NOC), Optional.empty(), bytes(S2_SIGNATURE),
                Optional.of(bytes(S2_RESUMPTION_ID))).encode();
        // 15 | 30 01 f1 <NOC> | 30 03 40 <signature> | 30 04 10 <resumption id> | 18
        assertArrayEquals(hex("153001f1" + S2_NOC + "300340" + S2_SIGNATURE + "300410" + S2_RESUMPTION_ID + "18"),
                tbe2);
        assertArrayEquals(hex(S2_ENCRYPTED), CaseKeys.seal(s2k, CaseKeys.TBE2_NONCE, tbe2));
        assertArrayEquals(tbe2, CaseKeys.open(s2k, CaseKeys.TBE2_NONCE, hex(S2_ENCRYPTED)));
        SigmaEncryptedData decoded = SigmaEncryptedData.decode(tbe2, true);
        assertEquals(Optional.of(bytes(S2_RESUMPTION_ID)), decoded.resumptionId());
    }

    @Test
    void sigma3DecryptionVerificationAndSessionKeyMatchTheCapture() throws Exception {
        byte[] sigma1 = hex(S3_SIGMA1);
        byte[] sigma2 = hex(S3_SIGMA2);
        byte[] sigma3 = hex(S3_SIGMA3);
        Bytes s3k = CaseKeys.sigma3Key(hex(S3_SHARED_SECRET), bytes(IPK), sigma1, sigma2);
        assertEquals(bytes(S3_KEY), s3k);

        byte[] plain = CaseKeys.open(s3k, CaseKeys.TBE3_NONCE,
                SigmaMessage.Sigma3.decode(sigma3).encrypted3().toByteArray());
        assertArrayEquals(hex(S3_TBE3), plain);
        SigmaEncryptedData tbe3 = SigmaEncryptedData.decode(plain, false);
        assertTrue(tbe3.senderIcac().isEmpty());
        assertArrayEquals(hex(S3_TBE3), tbe3.encode());

        byte[] tbs3 = new SigmaSignedData(tbe3.senderNoc(), tbe3.senderIcac(), bytes(S3_INITIATOR_EPH),
                bytes(S3_RESPONDER_EPH)).encode();
        P256Point initiatorKey = P256Point.decode(
                MatterCertificates.decodeTlv(tbe3.senderNoc().toByteArray()).publicKey().toByteArray());
        assertTrue(Ecdsa.verify(initiatorKey, tbs3, tbe3.signature().toByteArray()));

        byte[] keys = CaseKeys.sessionKeys(hex(S3_SHARED_SECRET), bytes(IPK), sigma1, sigma2, sigma3);
        assertArrayEquals(hex(S3_I2R_KEY), Arrays.copyOf(keys, 16));
    }

    @Test
    void sigma1WithResumptionFieldsHandAssembled() throws Exception {
        // Core spec 4.14.2.3 Sigma1 with tags 6 and 7; values chosen for the test.
        String expected = "15"
                + "300120" + "11".repeat(32)          // tag 1 initiatorRandom, 32 bytes
                + "250234" + "12"                     // tag 2 initiatorSessionId u16 0x1234
                + "300320" + "22".repeat(32)          // tag 3 destinationId, 32 bytes
                + "300441" + "04" + "33".repeat(64)   // tag 4 initiatorEphPubKey, 65 bytes
                + "3505" + "2501" + "8813" + "2502" + "2c01" + "2503" + "a00f" + "18" // tag 5 {5000, 300, 4000}
                + "300610" + "44".repeat(16)          // tag 6 resumptionID, 16 bytes
                + "300710" + "55".repeat(16)          // tag 7 initiatorResumeMIC, 16 bytes
                + "18";
        SigmaMessage.Sigma1 sigma1 = new SigmaMessage.Sigma1(bytes("11".repeat(32)), 0x1234, bytes("22".repeat(32)),
                bytes("04" + "33".repeat(64)), Optional.of(SessionParameters.mrp(5000, 300, 4000)),
                Optional.of(bytes("44".repeat(16))), Optional.of(bytes("55".repeat(16))));
        assertArrayEquals(hex(expected), sigma1.encode());
        assertEquals(sigma1, SigmaMessage.Sigma1.decode(hex(expected)));
        assertTrue(sigma1.requestsResumption());
    }

    @Test
    void sigma2ResumeHandAssembled() throws Exception {
        String expected = "15"
                + "300110" + "66".repeat(16)          // tag 1 resumptionID, 16 bytes
                + "300210" + "77".repeat(16)          // tag 2 sigma2ResumeMIC, 16 bytes
                + "2503" + "0100"                     // tag 3 responderSessionID u16 0x0001 (fewest octets: 24 03 01)
                + "18";
        // TLV writes integers in the fewest octets: session id 1 is "24 03 01", so build the canonical form.
        String canonical = expected.replace("25030100", "240301");
        SigmaMessage.Sigma2Resume resume = new SigmaMessage.Sigma2Resume(bytes("66".repeat(16)),
                bytes("77".repeat(16)), 1, Optional.empty());
        assertArrayEquals(hex(canonical), resume.encode());
        // Any integer width decodes (Appendix A): the 2-octet form gives the same message.
        assertEquals(resume, SigmaMessage.Sigma2Resume.decode(hex(expected)));
        assertEquals(resume, SigmaMessage.Sigma2Resume.decode(hex(canonical)));
        assertEquals(SecureChannelOpcode.CASE_SIGMA2_RESUME, resume.opcode());
    }

    @Test
    void truncatedOversizedAndGarbageInputsAreTypedErrors() {
        byte[] sigma1 = hex(S2_SIGMA1);
        for (int cut = 0; cut < sigma1.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(sigma1, cut);
            assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma1.decode(truncated), "cut " + cut);
        }
        // Random of 33 bytes: 30 01 21 <33>
        byte[] oversized = hex("15300121" + "00".repeat(33) + "18");
        assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma1.decode(oversized));
        // Trailing bytes after the structure
        byte[] trailing = hex(S2_SIGMA1 + "00");
        assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma1.decode(trailing));
        // Garbage and the wrong container type
        assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma2.decode(hex("ffffffff")));
        assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma3.decode(hex("1618")));
        assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma3.decode(new byte[0]));
        // Sigma3 field of the wrong type (u8 instead of octets)
        assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma3.decode(hex("1524010518")));
        // Session id above u16
        assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma2Resume.decode(
                hex("15300110" + "66".repeat(16) + "300210" + "77".repeat(16) + "2603" + "00000100" + "18")));
        // Resumption id without the MIC
        assertThrows(SigmaMessageException.class, () -> SigmaMessage.Sigma1.decode(hex(S2_SIGMA1
                .substring(0, S2_SIGMA1.length() - 2) + "300610" + "44".repeat(16) + "18")));
        // TBEData2 without its resumption id, TBEData with a short signature
        assertThrows(SigmaMessageException.class, () -> SigmaEncryptedData.decode(hex(S3_TBE3), true));
        assertThrows(SigmaMessageException.class, () -> SigmaEncryptedData.decode(hex("153001010130033f"
                + "00".repeat(63) + "18"), false));
        // Record constructors refuse wrong lengths
        assertThrows(IllegalArgumentException.class, () -> new SigmaMessage.Sigma3(Bytes.of(new byte[16])));
    }
}
