package org.cpebridge.matter.onboarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class OnboardingPayloadTest {

    // connectedhomeip src/setup_payload/tests/TestHelpers.h GetDefaultPayload(): version 0, vendor 12, product 1,
    // standard flow, SoftAP, discriminator 128, passcode 2048
    private static final SetupPayload SDK_DEFAULT = new SetupPayload(0, 12, 1, CommissioningFlow.STANDARD,
            SetupPayload.DISCOVERY_SOFT_AP, 128, 2048);

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void base38MatchesSdkVectors() throws OnboardingPayloadException {
        // connectedhomeip TestQRCode.cpp TestBase38
        assertEquals("", Base38.encode(new byte[0]));
        assertEquals("A0", Base38.encode(bytes(10)));
        assertEquals("OT10", Base38.encode(bytes(10, 10)));
        assertEquals("-N.B0", Base38.encode(bytes(10, 10, 10)));
        assertEquals("OT100", Base38.encode(bytes(10, 10, 0)));
        assertEquals("Y6V91", Base38.encode(bytes(10, 10, 40)));
        assertEquals("KL0B1", Base38.encode(bytes(10, 10, 41)));
        assertEquals("Q-M08", Base38.encode(bytes(10, 10, 255)));
        assertEquals("Z0", Base38.encode(bytes(35)));
        assertEquals("R600", Base38.encode(bytes(255, 0)));
        assertEquals("81000", Base38.encode(bytes(46, 0, 0)));
        assertEquals("R6", Base38.encode(bytes(255)));
        assertEquals("NE71", Base38.encode(bytes(255, 255)));
        assertEquals("PLS18", Base38.encode(bytes(255, 255, 255)));
        assertEquals("KKHF3W2S013OPM3EJX11", Base38.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals("Hello World!".getBytes(StandardCharsets.US_ASCII), Base38.decode("KKHF3W2S013OPM3EJX11"));
        assertArrayEquals(bytes(10), Base38.decode("A0"));
        assertArrayEquals(bytes(0, 1), Base38.decode("S600"));
        assertArrayEquals(bytes(0, 0, 1), Base38.decode("OE710"));
        assertArrayEquals(bytes(255, 255, 255), Base38.decode("PLS18"));
    }

    @Test
    void base38RejectsSdkInvalidInputs() {
        // connectedhomeip TestQRCode.cpp TestBase38: characters outside the alphabet and chunks that overflow
        for (String bad : new String[] {"0\u0001", "[0", "0[", " 0", "!0", "#0", "%0", "*0", "+0", ",0", ";0",
            "<0", "@0", "a0", "S6", "OE71", "QLS18", "0", "000"}) {
            assertThrows(OnboardingPayloadException.class, () -> Base38.decode(bad), bad);
        }
    }

    @Test
    void qrPayloadOfSdkDefault() throws OnboardingPayloadException {
        // connectedhomeip TestHelpers.h kDefaultPayloadQRCode
        assertEquals("MT:M5L90MP500K64J00000", QrCodePayload.encode(SDK_DEFAULT));
        assertEquals(SDK_DEFAULT, QrCodePayload.decode("MT:M5L90MP500K64J00000"));
    }

    @Test
    void qrPayloadBitLayoutMatchesSdk() throws OnboardingPayloadException {
        // connectedhomeip TestQRCode.cpp TestPayloadByteArrayRep, most significant field first:
        // padding | passcode 2048 | discriminator 128 | discovery 1 | flow 0 | product 1 | vendor 12 | version 0
        String expected = "0000" + "000000000000000100000000000" + "000010000000" + "00000001" + "00"
                + "0000000000000001" + "0000000000001100" + "000";
        byte[] packed = Base38.decode(QrCodePayload.encode(SDK_DEFAULT).substring(3));
        StringBuilder bits = new StringBuilder();
        for (int i = packed.length - 1; i >= 0; i--) {
            bits.append(String.format("%8s", Integer.toBinaryString(packed[i] & 0xFF)).replace(' ', '0'));
        }
        assertEquals(expected, bits.toString());
    }

    @Test
    void qrPayloadsOfSdkConcatenatedExample() throws OnboardingPayloadException {
        // connectedhomeip TestHelpers.h kConcatenatedQRCode: default payload, then passcode and discriminator +1..+3
        String[] parts = {"M5L90MP500K64J00000", "M5L90U.D010K4J00000", "M5L900CM02IX4J00000", "M5L908OU03-85J00000"};
        for (int i = 0; i < parts.length; i++) {
            SetupPayload payload = new SetupPayload(0, 12, 1, CommissioningFlow.STANDARD,
                    SetupPayload.DISCOVERY_SOFT_AP, 128 + i, 2048 + i);
            assertEquals("MT:" + parts[i], QrCodePayload.encode(payload));
            assertEquals(payload, QrCodePayload.decode("MT:" + parts[i]));
        }
    }

    @Test
    void qrPayloadDecodesMarginalPasscodeButDoesNotEncodeIt() throws OnboardingPayloadException {
        // connectedhomeip TestQRCode.cpp TestPopulatePayloadsMarginalValues: passcode 111111111 parses
        SetupPayload marginal = QrCodePayload.decode("MT:M5L90MP500W-GT68D20");
        assertEquals(111_111_111L, marginal.passcode());
        assertThrows(IllegalArgumentException.class, () -> QrCodePayload.encode(marginal));
        assertEquals("MT:M5L90MP500W-GT68D20", QrCodePayload.encodeUnchecked(marginal));
    }

    @Test
    void qrPayloadRejectsMalformedText() {
        // connectedhomeip TestQRCode.cpp: wrong character set, wrong length, wrong prefix, concatenated via one API
        assertThrows(OnboardingPayloadException.class, () -> QrCodePayload.decode("MT:M5L90MP500K64J0000 "));
        assertThrows(OnboardingPayloadException.class, () -> QrCodePayload.decode("MT:M5L90MP500K64J0000"));
        assertThrows(OnboardingPayloadException.class, () -> QrCodePayload.decode("AT:M5L90MP500K64J00000"));
        assertThrows(OnboardingPayloadException.class, () -> QrCodePayload.decode(""));
        assertThrows(OnboardingPayloadException.class, () -> QrCodePayload.decode(null));
        assertThrows(OnboardingPayloadException.class, () -> QrCodePayload.decode("MT:"));
        assertThrows(OnboardingPayloadException.class,
                () -> QrCodePayload.decode("MT:M5L90MP500K64J00000*M5L90U.D010K4J00000"));
    }

    @Test
    void maximumFieldValuesRoundTrip() throws OnboardingPayloadException {
        // connectedhomeip TestQRCode.cpp TestMaximumValues (version 7 and passcode 2^27-1 are "invalid payloads")
        SetupPayload max = new SetupPayload(7, 0xFFFF, 0xFFFF, CommissioningFlow.CUSTOM, 0xFF, 0xFFF, (1 << 27) - 1);
        assertEquals(max, QrCodePayload.decode(QrCodePayload.encodeUnchecked(max)));
        assertThrows(IllegalArgumentException.class, () -> QrCodePayload.encode(max));
    }

    @Test
    void bridgeStylePayloadIsTwentyTwoCharacters() throws OnboardingPayloadException {
        // A bridge on Ethernet: test vendor 0xFFF1, product 0x8000, on-network, discriminator 3840, passcode 20202021
        SetupPayload bridge = new SetupPayload(0, 0xFFF1, 0x8000, CommissioningFlow.STANDARD,
                SetupPayload.DISCOVERY_ON_NETWORK, 3840, 20202021);
        String qr = QrCodePayload.encode(bridge);
        assertEquals(22, qr.length());
        assertEquals(bridge, QrCodePayload.decode(qr));
    }

    @Test
    void passcodeRules() {
        // Matter core spec 5.1.7.1: trivial and out-of-range passcodes
        for (long bad : new long[] {0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777,
            88888888, 99999999, 12345678, 87654321, 100000000, -1}) {
            assertFalse(Passcodes.isValid(bad), Long.toString(bad));
        }
        for (long good : new long[] {1, 2048, 20202021, 99999998, 12345679}) {
            assertTrue(Passcodes.isValid(good), Long.toString(good));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Passcodes.requireValid(12345678));
        assertFalse(e.getMessage().contains("12345678"));
        assertFalse(SDK_DEFAULT.toString().contains("2048"));
    }

    @Test
    void payloadChecksFieldWidths() {
        assertThrows(IllegalArgumentException.class,
                () -> new SetupPayload(8, 1, 1, CommissioningFlow.STANDARD, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new SetupPayload(0, 0x10000, 1, CommissioningFlow.STANDARD, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new SetupPayload(0, 1, 1, CommissioningFlow.STANDARD, 0x100, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new SetupPayload(0, 1, 1, CommissioningFlow.STANDARD, 1, 0x1000, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new SetupPayload(0, 1, 1, CommissioningFlow.STANDARD, 1, 1, 1 << 27));
        assertThrows(IllegalArgumentException.class,
                () -> new SetupPayload(0, 1, 1, CommissioningFlow.STANDARD, 0, 1, 2048).requireCommissionable());
    }

    @Test
    void manualCodeWellKnownDevelopmentCode() throws OnboardingPayloadException {
        // connectedhomeip examples' default: passcode 20202021, discriminator 3840 -> "34970112332"
        SetupPayload payload = new SetupPayload(0, 0xFFF1, 0x8000, CommissioningFlow.STANDARD,
                SetupPayload.DISCOVERY_ON_NETWORK, 3840, 20202021);
        assertEquals("34970112332", ManualPairingCode.encode(payload));
        ManualPairingCode.Contents contents = ManualPairingCode.decode("3497-011-2332");
        assertEquals(15, contents.shortDiscriminator());
        assertEquals(20202021, contents.passcode());
        assertEquals(OptionalInt.empty(), contents.vendorId());
    }

    @Test
    void manualCodeSdkGeneratorVectors() {
        // connectedhomeip TestManualCode.cpp: passcode 123456780 (beyond the valid range, encoded anyway by the SDK
        // generator) and discriminator 2560; expected digits before the Verhoeff check digit
        SetupPayload base = new SetupPayload(0, 0, 0, CommissioningFlow.STANDARD, 0, 2560, 123456780);
        assertEquals("2361087535", withoutCheck(ManualPairingCode.encodeUnchecked(base)));
        assertEquals("63610875350000000000", withoutCheck(ManualPairingCode.encodeUnchecked(
                new SetupPayload(0, 0, 0, CommissioningFlow.CUSTOM, 0, 2560, 123456780))));
        assertEquals("63610875350000100001", withoutCheck(ManualPairingCode.encodeUnchecked(
                new SetupPayload(0, 1, 1, CommissioningFlow.CUSTOM, 0, 2560, 123456780))));
        assertEquals("63610875354536714526", withoutCheck(ManualPairingCode.encodeUnchecked(
                new SetupPayload(0, 45367, 14526, CommissioningFlow.CUSTOM, 0, 2560, 123456780))));
        assertEquals("2361087535", withoutCheck(ManualPairingCode.encodeUnchecked(
                new SetupPayload(0, 45367, 14526, CommissioningFlow.STANDARD, 0, 2560, 123456780))));
        assertEquals("76553581916553565535", withoutCheck(ManualPairingCode.encodeUnchecked(
                new SetupPayload(0, 65535, 65535, CommissioningFlow.CUSTOM, 0, 0xFFF, 0x7FFFFFF))));
        assertThrows(IllegalArgumentException.class, () -> ManualPairingCode.encode(base));
    }

    @Test
    void manualCodeSdkParserVectors() throws OnboardingPayloadException {
        // connectedhomeip TestManualCode.cpp TestPayloadParser_FullPayload / _PartialPayload
        assertContents("63610875354536714526", 10, 123456780, 45367, 14526);
        assertContents("52927623630456200032", 5, 38728284, 4562, 32);
        assertContents("40000100000000100001", 0, 1, 1, 1);
        ManualPairingCode.Contents partial = ManualPairingCode.decode(withCheck("2361087535"));
        assertEquals(10, partial.shortDiscriminator());
        assertEquals(123456780, partial.passcode());
        assertEquals(1, ManualPairingCode.decode(withCheck("0000010000")).passcode());
    }

    @Test
    void manualCodeSdkInvalidEntries() {
        // connectedhomeip TestManualCode.cpp TestPayloadParser_InvalidEntry
        for (String bad : new String[] {withCheck(""), withCheckUnsafe("24184.2196"), withCheck("2456"),
            withCheck("123456789123456785671"), withCheck("12749875380"), withCheck("23456789123456785610"),
            withCheck("2327680000"), "02684354589", null, "3497011233x"}) {
            assertThrows(OnboardingPayloadException.class, () -> ManualPairingCode.decode(bad), String.valueOf(bad));
        }
    }

    @Test
    void verhoeffDetectsSingleDigitErrorsAndTranspositions() {
        assertTrue(Verhoeff.isValid("34970112332"));
        assertFalse(Verhoeff.isValid("34970112342"));
        assertFalse(Verhoeff.isValid("43970112332"));
        // Verhoeff's classic example: 236 -> check digit 3
        assertEquals('3', Verhoeff.checkDigit("236"));
        assertTrue(Verhoeff.isValid("2363"));
    }

    private static void assertContents(String digits, int shortDiscriminator, long passcode, int vendor, int product)
            throws OnboardingPayloadException {
        ManualPairingCode.Contents contents = ManualPairingCode.decode(withCheck(digits));
        assertEquals(shortDiscriminator, contents.shortDiscriminator());
        assertEquals(passcode, contents.passcode());
        assertEquals(OptionalInt.of(vendor), contents.vendorId());
        assertEquals(OptionalInt.of(product), contents.productId());
    }

    private static String withCheck(String digits) {
        return digits + Verhoeff.checkDigit(digits);
    }

    private static String withCheckUnsafe(String text) {
        return text + "0";
    }

    private static String withoutCheck(String code) {
        assertTrue(Verhoeff.isValid(code), code);
        return code.substring(0, code.length() - 1);
    }
}
