package org.cpebridge.matter.attestation;

import static org.cpebridge.matter.attestation.AttestationVectors.CD_CONTENT_01;
import static org.cpebridge.matter.attestation.AttestationVectors.CD_CONTENT_01_SWAPPED_TAGS;
import static org.cpebridge.matter.attestation.AttestationVectors.CD_CONTENT_01_WIDE_VID;
import static org.cpebridge.matter.attestation.AttestationVectors.CD_CONTENT_02;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class CertificationElementsTest {

    // TestCertificationDeclaration.cpp sTestCMS_CertElements01
    static final CertificationElements SDK_ELEMENTS_01 = new CertificationElements(1, 0xFFF1, List.of(0x8000),
            0x1234, "ZIG20141ZB330001-24", 0, 0, 0x2694, 0, OptionalInt.empty(), OptionalInt.empty(), List.of());

    // TestCertificationDeclaration.cpp sTestCMS_CertElements02
    static final CertificationElements SDK_ELEMENTS_02 = new CertificationElements(1, 0xFFF2,
            List.of(0x8001, 0x8002), 0x1234, "ZIG20142ZB330002-24", 0, 0, 0x2694, 0, OptionalInt.of(0xFFF1),
            OptionalInt.of(0x8000), List.of());

    @Test
    void encodesTheSdkVectorsByteForByte() {
        assertArrayEquals(CD_CONTENT_01, SDK_ELEMENTS_01.encode());
        assertArrayEquals(CD_CONTENT_02, SDK_ELEMENTS_02.encode());
    }

    @Test
    void decodesTheSdkVectors() throws AttestationException {
        assertEquals(SDK_ELEMENTS_01, CertificationElements.decode(CD_CONTENT_01));
        assertEquals(SDK_ELEMENTS_02, CertificationElements.decode(CD_CONTENT_02));
    }

    @Test
    void rejectsTheSdkErrorVectors() {
        assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                () -> CertificationElements.decode(CD_CONTENT_01_WIDE_VID)).reason());
        assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                () -> CertificationElements.decode(CD_CONTENT_01_SWAPPED_TAGS)).reason());
    }

    @Test
    void roundTripsAnAuthorizedPaaList() throws AttestationException {
        CertificationElements withPaas = new CertificationElements(1, 0xFFF1, List.of(0x8000), 0x16,
                "CSA00000SWC00000-00", 0, 0, 1, 0, OptionalInt.empty(), OptionalInt.empty(),
                List.of(Bytes.fromHex("6afd22771f511fecbf1641976710dcdc31a1717e")));

        assertEquals(withPaas, CertificationElements.decode(withPaas.encode()));
    }

    @Test
    void rejectsTruncationsAndMissingMembers() {
        for (int length = 0; length < CD_CONTENT_01.length; length++) {
            byte[] truncated = Arrays.copyOf(CD_CONTENT_01, length);
            assertThrows(AttestationException.class, () -> CertificationElements.decode(truncated), "" + length);
        }
        // 15 24 00 01 18: only the format version
        assertThrows(AttestationException.class,
                () -> CertificationElements.decode(new byte[] {0x15, 0x24, 0x00, 0x01, 0x18}));
    }

    @Test
    void constructorChecksRanges() {
        assertThrows(IllegalArgumentException.class, () -> CertificationElements.development(0x10000, 1, 0x16,
                "CSA00000SWC00000-00", 1));
        assertThrows(IllegalArgumentException.class, () -> CertificationElements.development(0xFFF1, 1, 0x16,
                "too short", 1));
        assertThrows(IllegalArgumentException.class, () -> new CertificationElements(1, 0xFFF1, List.of(), 0x16,
                "CSA00000SWC00000-00", 0, 0, 1, 0, OptionalInt.empty(), OptionalInt.empty(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CertificationElements(1, 0xFFF1, List.of(1), 0x16,
                "CSA00000SWC00000-00", 0, 0, 1, 0, OptionalInt.of(1), OptionalInt.empty(), List.of()));
    }
}
