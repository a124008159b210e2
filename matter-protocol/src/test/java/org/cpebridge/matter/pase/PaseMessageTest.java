package org.cpebridge.matter.pase;

import static org.cpebridge.matter.message.SecureChannelOpcode.PASE_PAKE1;
import static org.cpebridge.matter.message.SecureChannelOpcode.PASE_PAKE2;
import static org.cpebridge.matter.message.SecureChannelOpcode.PASE_PAKE3;
import static org.cpebridge.matter.message.SecureChannelOpcode.PBKDF_PARAM_REQUEST;
import static org.cpebridge.matter.message.SecureChannelOpcode.PBKDF_PARAM_RESPONSE;
import static org.cpebridge.matter.message.SecureChannelOpcode.STATUS_REPORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact PASE messages. Each vector is written by hand from Matter core spec 4.14.1.2 (field tags) and
 * Appendix A (TLV: 0x15 anonymous structure, 0x35 context structure, 0x30 context octet string with 1-byte length,
 * 0x24/0x25/0x26 context unsigned int of 1/2/4 bytes, 0x28/0x29 context false/true, 0x18 end of container).
 */
class PaseMessageTest {

    private static final String RANDOM_A = "01".repeat(32);
    private static final String RANDOM_B = "02".repeat(32);
    // "SPAKE2P Key Salt", the salt of connectedhomeip TestPASESession.cpp test set #01
    private static final String SALT = "5350414b453250204b65792053616c74";
    // X and Y of connectedhomeip SPAKE2P_RFC_test_vectors.h vector 1
    private static final String SHARE_X = "04af09987a593d3bac8694b123839422c3cc87e37d6b41c1d630f000dd64980e53"
            + "7ae704bcede04ea3bec9b7475b32fa2ca3b684be14d11645e38ea6609eb39e7e";
    private static final String SHARE_Y = "04417592620aebf9fd203616bbb9f121b730c258b286f890c5f19fea833a9c900c"
            + "be9057bc549a3e19975be9927f0e7614f08d1f0a108eede5fd7eb5624584a4f4";
    private static final String MAC = "ab".repeat(32);

    private static final String REQUEST_HEX = "15"
            + "3001" + "20" + RANDOM_A      // 1: initiatorRandom, 32 bytes
            + "2502" + "2143"              // 2: initiatorSessionId 0x4321 (u16 LE)
            + "2403" + "00"                // 3: passcodeId 0 (u8)
            + "2804"                       // 4: hasPBKDFParameters false
            + "3505"                       // 5: initiatorSessionParams {
            + "2501" + "e803"              //    1: SESSION_IDLE_INTERVAL 1000 ms
            + "2502" + "1027"              //    2: SESSION_ACTIVE_INTERVAL 10000 ms
            + "2503" + "a00f"              //    3: SESSION_ACTIVE_THRESHOLD 4000 ms
            + "18"                         // }
            + "18";

    private static final String RESPONSE_HEX = "15"
            + "3001" + "20" + RANDOM_A      // 1: initiatorRandom (echoed)
            + "3002" + "20" + RANDOM_B      // 2: responderRandom
            + "2503" + "3412"              // 3: responderSessionId 0x1234
            + "3504"                       // 4: pbkdf_parameters {
            + "2501" + "e803"              //    1: iterations 1000
            + "3002" + "10" + SALT         //    2: salt, 16 bytes
            + "18"                         // }
            + "3505"                       // 5: responderSessionParams {
            + "2501" + "8813"              //    1: idle 5000 ms
            + "2502" + "2c01"              //    2: active 300 ms
            + "2503" + "a00f"              //    3: active threshold 4000 ms
            + "18"                         // }
            + "18";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static final PaseMessage.PbkdfParamRequest REQUEST = new PaseMessage.PbkdfParamRequest(
            Bytes.fromHex(RANDOM_A), 0x4321, 0, false, Optional.of(SessionParameters.mrp(1000, 10000, 4000)));
    private static final PaseMessage.PbkdfParamResponse RESPONSE = new PaseMessage.PbkdfParamResponse(
            Bytes.fromHex(RANDOM_A), Bytes.fromHex(RANDOM_B), 0x1234,
            Optional.of(new PbkdfParameters(1000, Bytes.fromHex(SALT))),
            Optional.of(SessionParameters.mrp(5000, 300, 4000)));

    @Test
    void pbkdfParamRequestEncodesAndDecodes() throws PaseMessageException {
        assertArrayEquals(hex(REQUEST_HEX), REQUEST.encode());
        assertEquals(REQUEST, PaseMessage.decode(PBKDF_PARAM_REQUEST, hex(REQUEST_HEX)));
    }

    @Test
    void pbkdfParamRequestWithoutSessionParams() throws PaseMessageException {
        String bytes = "15" + "3001" + "20" + RANDOM_A + "2402" + "07" + "2403" + "00" + "2904" + "18";
        PaseMessage.PbkdfParamRequest request = new PaseMessage.PbkdfParamRequest(Bytes.fromHex(RANDOM_A), 7, 0,
                true, Optional.empty());
        assertArrayEquals(hex(bytes), request.encode());
        assertEquals(request, PaseMessage.decode(PBKDF_PARAM_REQUEST, hex(bytes)));
    }

    @Test
    void pbkdfParamResponseEncodesAndDecodes() throws PaseMessageException {
        assertArrayEquals(hex(RESPONSE_HEX), RESPONSE.encode());
        assertEquals(RESPONSE, PaseMessage.decode(PBKDF_PARAM_RESPONSE, hex(RESPONSE_HEX)));
    }

    @Test
    void decoderAcceptsWiderIntegersAndUnknownMembers() throws PaseMessageException {
        // iterations as u32 (0x26), session id as u64 (0x27), an unknown member 9 (u8) and unknown session param 9
        String wide = "15" + "3001" + "20" + RANDOM_A + "3002" + "20" + RANDOM_B
                + "2703" + "3412000000000000"
                + "3504" + "2601" + "e8030000" + "3002" + "10" + SALT + "18"
                + "3505" + "2501" + "8813" + "2502" + "2c01" + "2503" + "a00f" + "2409" + "01" + "18"
                + "2409" + "05"
                + "18";
        assertEquals(RESPONSE, PaseMessage.decode(PBKDF_PARAM_RESPONSE, hex(wide)));
    }

    @Test
    void pakeMessagesEncodeAndDecode() throws PaseMessageException {
        String pake1 = "15" + "3001" + "41" + SHARE_X + "18";                       // 1: pA, 65 bytes
        String pake2 = "15" + "3001" + "41" + SHARE_Y + "3002" + "20" + MAC + "18"; // 1: pB, 2: cB
        String pake3 = "15" + "3001" + "20" + MAC + "18";                           // 1: cA
        PaseMessage.Pake1 m1 = new PaseMessage.Pake1(Bytes.fromHex(SHARE_X));
        PaseMessage.Pake2 m2 = new PaseMessage.Pake2(Bytes.fromHex(SHARE_Y), Bytes.fromHex(MAC));
        PaseMessage.Pake3 m3 = new PaseMessage.Pake3(Bytes.fromHex(MAC));
        assertArrayEquals(hex(pake1), m1.encode());
        assertArrayEquals(hex(pake2), m2.encode());
        assertArrayEquals(hex(pake3), m3.encode());
        assertEquals(m1, PaseMessage.decode(PASE_PAKE1, hex(pake1)));
        assertEquals(m2, PaseMessage.decode(PASE_PAKE2, hex(pake2)));
        assertEquals(m3, PaseMessage.decode(PASE_PAKE3, hex(pake3)));
    }

    @Test
    void truncatedOversizedAndGarbageAreRejected() {
        String truncated = REQUEST_HEX.substring(0, REQUEST_HEX.length() - 2);
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_REQUEST, hex(truncated)));
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_REQUEST, hex(REQUEST_HEX + "00")));
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_REQUEST, new byte[0]));
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_REQUEST, hex("ffffffff")));
        // a top-level array instead of a structure
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PASE_PAKE3, hex("1618")));
        // random of 31 bytes
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_REQUEST,
                hex("15" + "3001" + "1f" + "01".repeat(31) + "2402" + "07" + "2403" + "00" + "2804" + "18")));
        // missing passcodeId
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_REQUEST,
                hex("15" + "3001" + "20" + RANDOM_A + "2402" + "07" + "2804" + "18")));
        // session id as a signed integer
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_REQUEST,
                hex("15" + "3001" + "20" + RANDOM_A + "2002" + "07" + "2403" + "00" + "2804" + "18")));
        // session id beyond 16 bits
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_REQUEST,
                hex("15" + "3001" + "20" + RANDOM_A + "2602" + "00000100" + "2403" + "00" + "2804" + "18")));
        // iterations below 1000 and salt of 15 bytes
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_RESPONSE, hex(RESPONSE_HEX.replace(
                "2501e803", "2501e703"))));
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PBKDF_PARAM_RESPONSE, hex(RESPONSE_HEX.replace(
                "300210" + SALT, "30020f" + SALT.substring(2)))));
        // Pake3 with a 31-byte cA; Pake1 with a 64-byte share
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PASE_PAKE3,
                hex("15" + "3001" + "1f" + "ab".repeat(31) + "18")));
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(PASE_PAKE1,
                hex("15" + "3001" + "40" + SHARE_X.substring(2) + "18")));
        // not a PASE message type
        assertThrows(PaseMessageException.class, () -> PaseMessage.decode(STATUS_REPORT, hex("1518")));
    }

    @Test
    void recordsCheckRanges() {
        assertThrows(IllegalArgumentException.class, () -> new PaseMessage.PbkdfParamRequest(
                Bytes.fromHex(RANDOM_A), 0x10000, 0, false, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new PaseMessage.Pake3(Bytes.of(new byte[33])));
        assertThrows(IllegalArgumentException.class, () -> new PbkdfParameters(999, Bytes.fromHex(SALT)));
        assertThrows(IllegalArgumentException.class, () -> new PbkdfParameters(100_001, Bytes.fromHex(SALT)));
        assertThrows(IllegalArgumentException.class, () -> new PbkdfParameters(1000, Bytes.of(new byte[33])));
        assertThrows(IllegalArgumentException.class, () -> new SessionParameters(OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.of(0x10000), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty()));
    }
}
